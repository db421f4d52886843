package dev.conclab.executor;

import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellWork;
import dev.conclab.runtime.internal.cells.NotebookThreads;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Measures the CPU a cell's code uses between {@link #start} and {@link #stop}, both called on the
 * thread that runs the cell: the threads it runs and starts, those that ended meanwhile included,
 * and its child processes; apart from that, what the JVM itself did meanwhile (JIT compiler,
 * garbage collector).
 *
 * <p>The JVM cannot say what a thread used once it has ended, so the cell's count is built from
 * the other side: what the whole process used, less what the live threads that are not the cell's
 * used: the JVM's own (told by the names HotSpot gives them), the kernel's, and those other cells
 * started. A Java thread that ended meanwhile (a snippet, a worker the cell joined) thus counts,
 * also while the OS still lists it for a moment after {@code join} returned. The process total
 * counts 10 ms ticks, so the cell's count is good to about 20 ms.
 */
final class CellCpu {
    /**
     * What a cell used.
     *
     * @param threadNanos its threads, live and ended
     * @param childNanos its child processes, user and system
     * @param jvmNanos the JVM's own threads meanwhile (JIT, GC), not counted in the other two
     */
    record Use(long threadNanos, long childNanos, long jvmNanos) {
        long totalNanos() {
            return threadNanos + childNanos;
        }
    }

    /** The counters at one moment. */
    private record Counters(ProcCpu.ProcessTimes process, Map<Integer, ProcCpu.Task> tasks, Map<Long, Long> javaThreads,
                            Map<String, Long> children, long ownCpuAtProcessRead) {}

    /**
     * The names HotSpot gives the threads that are not Java threads to Java's management API:
     * the VM thread, the garbage collectors' and the JIT compilers' (the OS keeps 15 characters).
     */
    private static final Pattern HOTSPOT_THREAD = Pattern.compile(
            "VM Thread|VM Periodic Tas|GC Thread#\\d+|G1 .*|C[12] CompilerThre|JVMCI.*|Sweeper thread|Service Thread"
                    + "|Monitor Deflati|Z(Director|Driver|Stat|Unmapper|Worker|RuntimeWorker|Collector|Uncommitter).*"
                    + "|Shenandoah.*|StrDedup.*|Conc.*|Parallel GC.*|PS .*");

    private final com.sun.management.ThreadMXBean threadBean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final CellWork work;
    private final Cell cell;
    private Counters before;
    private Thread cellThread;
    /** What the cell's thread spent measuring after the process total was read at the start, and so inside the count. */
    private long startOverhead;

    CellCpu(CellWork work, Cell cell) {
        this.work = work;
        this.cell = cell;
    }

    /** Whether this system lets the cell's CPU be told from the JVM's (Linux); else nothing is measured. */
    static boolean available() {
        return ProcCpu.available();
    }

    void start() {
        cellThread = Thread.currentThread();
        before = read();
        startOverhead = threadBean.getCurrentThreadCpuTime() - before.ownCpuAtProcessRead();
    }

    Use stop() {
        long stopping = threadBean.getCurrentThreadCpuTime();
        Counters after = read();
        long measuring = startOverhead + (after.ownCpuAtProcessRead() - stopping);
        Map<Long, Thread> live = liveJavaThreads();
        Set<Thread> otherCells = Collections.newSetFromMap(new IdentityHashMap<>());
        otherCells.addAll(work.liveThreadsNotStartedBy(cell));

        long notCells = 0;
        long jvm = 0;
        Set<String> javaNames = new HashSet<>();
        for (Map.Entry<Long, Long> entry : after.javaThreads().entrySet()) {
            Thread thread = live.get(entry.getKey());
            long used = entry.getValue() - before.javaThreads().getOrDefault(entry.getKey(), 0L);
            if (thread != null) {
                javaNames.add(thread.getName().substring(0, Math.min(15, thread.getName().length())));
            }
            switch (owner(thread, otherCells)) {
                case CELL -> { }
                case JVM -> jvm += used;
                case OTHER -> notCells += used;
            }
        }
        for (Map.Entry<Integer, ProcCpu.Task> entry : after.tasks().entrySet()) {
            ProcCpu.Task task = entry.getValue();
            if (HOTSPOT_THREAD.matcher(task.name()).matches() && !javaNames.contains(task.name())) {
                ProcCpu.Task earlier = before.tasks().get(entry.getKey());
                jvm += task.nanos() - (earlier == null ? 0 : earlier.nanos());
            }
        }
        long process = after.process().ownNanos() - before.process().ownNanos();
        long children = (after.process().reapedChildrenNanos() - before.process().reapedChildrenNanos())
                + sumOfDeltas(after.children(), before.children());
        return new Use(Math.max(0, process - jvm - notCells - measuring), Math.max(0, children), Math.max(0, jvm));
    }

    private enum Owner { CELL, JVM, OTHER }

    /**
     * Whose work a live Java thread does. The cell's own thread is known as the one that started
     * the count, whatever its name; the threads of the notebook (those cells started, common-pool
     * workers, virtual threads) work for the cell that runs now unless another cell started them;
     * the JVM's Java threads (reference handler, finalizer, signal dispatcher) are in its "system"
     * group. The rest are the executor's: the kernel's "conclab-" threads, and JShell's class-path
     * indexer ("Thread-0"), which works for 0.2 s in the background after the first cells.
     */
    private Owner owner(Thread thread, Set<Thread> otherCells) {
        if (thread == cellThread) {
            return Owner.CELL;
        }
        if (thread == null || otherCells.contains(thread)) {
            return Owner.OTHER;
        }
        if (NotebookThreads.isNotebooks(thread)) {
            return Owner.CELL;
        }
        ThreadGroup group = thread.getThreadGroup();
        return group != null && group.getParent() == null ? Owner.JVM : Owner.OTHER;
    }

    private Counters read() {
        long[] ids = threadBean.getAllThreadIds();
        long[] cpu = threadBean.getThreadCpuTime(ids);
        Map<Long, Long> javaThreads = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (cpu[i] >= 0) {
                javaThreads.put(ids[i], cpu[i]);
            }
        }
        // The process total is read between the threads' counters, so that what this thread spends
        // reading them can be told and left out.
        long ownCpu = threadBean.getCurrentThreadCpuTime();
        ProcCpu.ProcessTimes process = ProcCpu.self();
        return new Counters(process, ProcCpu.threads(), javaThreads, ProcCpu.descendants(), ownCpu);
    }

    /** Every live platform thread by id; the thread groups hold them, without the cost of their stacks. */
    private static Map<Long, Thread> liveJavaThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() * 2 + 16];
        int count = root.enumerate(threads, true);
        Map<Long, Thread> byId = new HashMap<>();
        for (int i = 0; i < count; i++) {
            byId.put(threads[i].getId(), threads[i]);
        }
        return byId;
    }

    /** What the entries of {@code after} used since {@code before}; an entry new since then counts from zero. */
    private static <K> long sumOfDeltas(Map<K, Long> after, Map<K, Long> before) {
        long sum = 0;
        for (Map.Entry<K, Long> entry : after.entrySet()) {
            sum += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
        }
        return sum;
    }
}
