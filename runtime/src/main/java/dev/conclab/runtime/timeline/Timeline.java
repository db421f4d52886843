package dev.conclab.runtime.timeline;

import dev.conclab.runtime.display.MimeBundle;
import dev.conclab.runtime.display.RichDisplay;
import dev.conclab.runtime.display.SvgImage;
import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.internal.cells.NotebookThreads;
import dev.conclab.runtime.internal.processes.SpareChild;
import dev.conclab.runtime.threads.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A chart of when each thread and child process ran, slept, waited and was blocked, and which
 * pool task each pool worker ran when: the
 * interleaving that explanations of concurrency put in words, seen at a glance. It samples the
 * notebook's threads every few milliseconds while it records, and shows itself as an SVG image.
 * {@link #recordWithLocks} also records {@link Contention} from Flight Recorder: each wait for a
 * lock, however short, is drawn as a strip on the waiting thread's lane, labelled with the lock and
 * its holder, and a table of the locks follows the chart. It is a separate call because Flight
 * Recorder costs time a plain timeline should not: its first start in a JVM takes up to a few
 * seconds, and on JDK 17 the last waits arrive only with its next flush, about 1 s after the end.
 *
 * <pre>{@code
 * Timeline.record(() -> {
 *     var a = Threads.start("A", () -> task("A"));
 *     var b = Threads.start("B", () -> task("B"));
 *     Threads.joinAll(a, b);
 * })
 * }</pre>
 */
public final class Timeline implements RichDisplay {
    static final long SAMPLE_EVERY_MILLIS = 5;
    private static final int MAX_WAITS_DRAWN_PER_LANE = 200;
    private static final String PROCESS_SUFFIX = " (process)";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Lane> lanes = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();
    private final java.time.Instant startInstant = java.time.Instant.now();
    private final Contention contention;
    private final long recorder = Thread.currentThread().getId();
    private final ScheduledExecutorService sampler;
    private final Runnable stopObservingTasks;
    private final List<TaskRun> tasks = new ArrayList<>();
    private double endMillis;

    /** A pool task, to be drawn on the row of the worker that ran it. */
    private record TaskRun(String worker, String label, double fromMillis, double toMillis) {}

    private Timeline(boolean locks) {
        contention = locks ? startContention() : null;
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "conclab-timeline");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        CellRouting routing = NotebookRuntime.routing();
        stopObservingTasks = routing == null ? () -> { } : routing.work().observeTasks(this::taskRan);
    }

    /** Starts recording; call {@link #stop()} when the experiment is over. */
    public static Timeline start() {
        return new Timeline(false);
    }

    /** Starts recording, with every wait for a lock from Flight Recorder; call {@link #stop()} at the end. */
    public static Timeline startWithLocks() {
        return new Timeline(true);
    }

    /** Records while {@code experiment} runs, and returns the timeline (a cell's final value shows it). */
    public static Timeline record(Task experiment) throws Exception {
        return recordWhile(start(), experiment);
    }

    /**
     * As {@link #record}, and draws each wait for a lock, however short, with the lock and the thread
     * that held it, and a table of the locks under the chart (from Flight Recorder: see the class comment).
     */
    public static Timeline recordWithLocks(Task experiment) throws Exception {
        return recordWhile(startWithLocks(), experiment);
    }

    private static Timeline recordWhile(Timeline timeline, Task experiment) throws Exception {
        try {
            experiment.run();
        } finally {
            timeline.stop();
        }
        return timeline;
    }

    /** Stops recording; the chart then covers start to now. */
    public Timeline stop() {
        stopObservingTasks.run();
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            sample();
            endMillis = millisNow();
        }
        // After the chart's end: on JDK 17 the last waits take up to a flush (~1 s) to arrive.
        if (contention != null) {
            contention.stop();
        }
        return this;
    }

    /** The chart as SVG. */
    public synchronized String toSvg() {
        if (contention != null) {
            drawWaits();
        }
        List<Lane> shown = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            if (!lane.segments().isEmpty() || !lane.waits().isEmpty()) {
                shown.add(lane);
            }
        }
        for (TaskRun task : tasks) {
            shown.stream().filter(lane -> lane.name().equals(task.worker()) || lane.name().equals(task.worker() + PROCESS_SUFFIX))
                    .findFirst()
                    .ifPresent(lane -> lane.mark(new Lane.Mark(task.fromMillis(), task.toMillis(), task.label())));
        }
        return TimelineSvg.render(shown, endMillis > 0 ? endMillis : millisNow(), contention != null, ContentionTable.lines(waits()));
    }

    /**
     * What Flight Recorder saw while this timeline recorded (a cell's value shows it as an HTML table);
     * null for a timeline recorded without locks, or if the JVM has no Flight Recorder.
     */
    public Contention contention() {
        return contention;
    }

    /**
     * Stays one image (the table of locks drawn under the chart), so that a timeline shows alike in
     * every front end, also in a notebook opened untrusted ({@link SvgImage}); {@link #contention()}
     * shows the table as HTML.
     */
    @Override
    public MimeBundle toMimeBundle() {
        return SvgImage.bundle(toSvg(), "<Timeline of " + lanes.size() + " threads and processes>");
    }

    /** The waits of the notebook's threads, less the recording thread's own (it has no lane either). */
    private List<BlockedSpan> waits() {
        if (contention == null) {
            return List.of();
        }
        return contention.spans().stream().filter(span -> span.threadId() != recorder).toList();
    }

    /** Each wait goes on the lane of the thread that waited; a thread the sampler missed gets a lane. */
    private void drawWaits() {
        lanes.values().forEach(lane -> lane.waits().clear());
        List<BlockedSpan> spans = new ArrayList<>(waits());
        // A tight loop on a contended lock waits thousands of times: the longest waits are drawn, all are in the table.
        spans.sort(java.util.Comparator.comparingLong(BlockedSpan::nanos).reversed());
        Map<Long, Integer> drawn = new java.util.HashMap<>();
        for (BlockedSpan span : spans) {
            if (drawn.merge(span.threadId(), 1, Integer::sum) > MAX_WAITS_DRAWN_PER_LANE) {
                continue;
            }
            Lane lane = lanes.computeIfAbsent(span.threadId(), id -> new Lane(span.thread()));
            double from = java.time.Duration.between(startInstant, span.start()).toNanos() / 1e6;
            lane.waited(new Lane.Wait(from, from + span.millis(), span.describe()));
        }
    }

    /** Flight Recorder may be off in this JVM ({@code -XX:-FlightRecorder}); the timeline works without it. */
    private static Contention startContention() {
        try {
            return Contention.start();
        } catch (RuntimeException | Error e) {
            return null;
        }
    }

    private synchronized void taskRan(String worker, String label, long startNanos, long endNanos) {
        tasks.add(new TaskRun(worker, label, (startNanos - this.startNanos) / 1e6, (endNanos - this.startNanos) / 1e6));
    }

    private synchronized void sample() {
        double now = millisNow();
        for (Thread thread : liveThreads()) {
            if (thread.getId() == recorder || !NotebookThreads.isNotebooks(thread)) {
                continue;
            }
            ThreadInfo info = threads.getThreadInfo(thread.getId(), 1);
            if (info == null) {
                continue;
            }
            StackTraceElement[] top = info.getStackTrace();
            lanes.computeIfAbsent(thread.getId(), id -> new Lane(thread.getName()))
                    .sample(now, Activity.of(info.getThreadState(), top.length > 0 ? top[0] : null));
        }
        SpareChild spare = NotebookRuntime.spareChild();
        ProcessHandle.current().descendants().forEach(child -> {
            if (spare != null && spare.isWaiting(child.pid())) {
                return; // a JVM started ahead for the next child does no work of the notebook's yet
            }
            long key = -child.pid();
            Lane lane = lanes.computeIfAbsent(key, id -> new Lane(processName(child)));
            if (!lane.name().endsWith(PROCESS_SUFFIX)) {
                lane.rename(processName(child));
            }
            lane.sample(now, Activity.PROCESS);
        });
    }

    static List<Thread> liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int count = root.enumerate(all, true);
        return java.util.Arrays.asList(all).subList(0, count);
    }

    /** A child JVM started by {@code Processes} carries its name; other processes show their command. */
    private static String processName(ProcessHandle child) {
        SpareChild spare = NotebookRuntime.spareChild();
        String handed = spare == null ? null : spare.nameOf(child.pid());
        if (handed != null) {
            return handed + PROCESS_SUFFIX; // a spare child JVM, named when it was handed its task
        }
        for (String argument : arguments(child)) {
            if (argument.startsWith("-Dconclab.child.name=")) {
                return argument.substring("-Dconclab.child.name=".length()) + PROCESS_SUFFIX;
            }
        }
        String command = child.info().command().orElse("process");
        return command.substring(command.lastIndexOf('/') + 1) + " " + child.pid();
    }

    /** The JDK often knows no arguments of a child on Linux; /proc does. */
    private static List<String> arguments(ProcessHandle child) {
        var known = child.info().arguments();
        if (known.isPresent()) {
            return List.of(known.get());
        }
        try {
            byte[] commandLine = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(child.pid()), "cmdline"));
            return List.of(new String(commandLine, java.nio.charset.StandardCharsets.UTF_8).split("\0"));
        } catch (java.io.IOException | RuntimeException e) {
            return List.of();
        }
    }

    private double millisNow() {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
