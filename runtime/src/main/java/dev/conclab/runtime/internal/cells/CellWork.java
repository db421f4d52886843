package dev.conclab.runtime.internal.cells;

import dev.conclab.runtime.internal.cells.Cell;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Remembers the threads, thread pools and child processes each cell started, so that they can be stopped
 * together. Threads are held weakly: a finished thread is forgotten with its last reference.
 */
public final class CellWork {
    private final Map<Cell, List<WeakReference<Thread>>> threads = new ConcurrentHashMap<>();
    private final Map<Cell, List<ProcessHandle>> processes = new ConcurrentHashMap<>();
    private final Map<Cell, List<WeakReference<ExecutorService>>> pools = new ConcurrentHashMap<>();
    private final List<TaskObserver> observers = new CopyOnWriteArrayList<>();
    private final Map<Cell, AtomicInteger> threadsStarted = new ConcurrentHashMap<>();

    /** Hears of each pool task that ran: a timeline draws them on their workers' rows. */
    public interface TaskObserver {
        /** The pool worker {@code worker} ran the task {@code label} from {@code startNanos} to {@code endNanos}. */
        void taskRan(String worker, String label, long startNanos, long endNanos);
    }

    /** Tells {@code observer} of every pool task that ends from now on, until the returned call runs. */
    public Runnable observeTasks(TaskObserver observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    /** Reports that a pool worker ran a task (times from {@link System#nanoTime()}). */
    public void taskRan(String worker, String label, long startNanos, long endNanos) {
        observers.forEach(observer -> observer.taskRan(worker, label, startNanos, endNanos));
    }

    /** Notes that code of {@code cell} started {@code thread}. */
    public void threadStarted(Cell cell, Thread thread) {
        threadsStarted.computeIfAbsent(cell, c -> new AtomicInteger()).incrementAndGet();
        List<WeakReference<Thread>> list = threads.computeIfAbsent(cell, c -> new CopyOnWriteArrayList<>());
        list.removeIf(ref -> !isAlive(ref.get()));
        list.add(new WeakReference<>(thread));
    }

    /** How many threads code of {@code cell} has started so far, ended ones included. */
    public int threadsStartedBy(Cell cell) {
        AtomicInteger count = threadsStarted.get(cell);
        return count == null ? 0 : count.get();
    }

    /** The live threads that cells other than {@code cell} started: {@code %time} of {@code cell} leaves their CPU out. */
    public List<Thread> liveThreadsNotStartedBy(Cell cell) {
        return threads(other -> !other.equals(cell));
    }

    /** Notes that code of {@code cell} started the child process {@code process}. */
    public void processStarted(Cell cell, ProcessHandle process) {
        List<ProcessHandle> list = processes.computeIfAbsent(cell, c -> new CopyOnWriteArrayList<>());
        list.removeIf(handle -> !handle.isAlive());
        list.add(process);
    }

    /** Notes that code of {@code cell} made the thread pool {@code pool}. */
    public void poolCreated(Cell cell, ExecutorService pool) {
        List<WeakReference<ExecutorService>> list = pools.computeIfAbsent(cell, c -> new CopyOnWriteArrayList<>());
        list.removeIf(ref -> ref.get() == null || ref.get().isTerminated());
        // A pool's constructors call one another, and each reports the same pool.
        if (list.stream().noneMatch(ref -> ref.get() == pool)) {
            list.add(new WeakReference<>(pool));
        }
    }

    /** The live threads that code of {@code cell} started. */
    public List<Thread> liveThreadsStartedBy(Cell cell) {
        return threads(cell::equals);
    }

    /** The pools not yet shut down that the cells {@code which} accepts made. */
    public List<ExecutorService> pools(Predicate<Cell> which) {
        List<ExecutorService> live = new ArrayList<>();
        pools.forEach((cell, list) -> {
            if (which.test(cell)) {
                list.forEach(ref -> {
                    ExecutorService pool = ref.get();
                    if (pool != null && !pool.isShutdown() && pool != ForkJoinPool.commonPool()) {
                        live.add(pool);
                    }
                });
            }
        });
        return live;
    }

    /** The live threads started by the cells that {@code which} accepts. */
    public List<Thread> threads(Predicate<Cell> which) {
        List<Thread> live = new ArrayList<>();
        threads.forEach((cell, list) -> {
            if (which.test(cell)) {
                list.forEach(ref -> {
                    Thread thread = ref.get();
                    if (isAlive(thread)) {
                        live.add(thread);
                    }
                });
            }
        });
        return live;
    }

    /** The live child processes started by the cells that {@code which} accepts. */
    public List<ProcessHandle> processes(Predicate<Cell> which) {
        List<ProcessHandle> live = new ArrayList<>();
        processes.forEach((cell, list) -> {
            if (which.test(cell)) {
                list.stream().filter(ProcessHandle::isAlive).forEach(live::add);
            }
        });
        return live;
    }

    private static boolean isAlive(Thread thread) {
        return thread != null && thread.isAlive();
    }
}
