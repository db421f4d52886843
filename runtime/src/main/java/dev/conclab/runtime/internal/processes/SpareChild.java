package dev.conclab.runtime.internal.processes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM started ahead, as Python's forkserver keeps a process ready: it starts, loads what
 * a child needs and waits on its stdin for a task, so that the next {@code Processes.start} only
 * hands it the task's files instead of waiting for a JVM to start (a hello-world JVM alone takes
 * 40 ms here, a child with its classes about 140). The first spare is started by a notebook's
 * first child, and each spare taken is replaced at once (after a burst of starts, once the burst
 * is over: {@link #BURST_MILLIS}); one left unused for
 * {@value #IDLE_SECONDS} s ends, so that its memory (an idle JVM, about 40 MB resident) is paid
 * only while the notebook starts children.
 *
 * <p>A spare serves only a child whose command line it was started with (same JDK, class path,
 * accepted classes); when the notebook has changed those since, it is ended and the child starts
 * cold.
 */
public final class SpareChild {
    static final long IDLE_SECONDS = 60;
    /** The argument that makes {@link ChildMain} wait for its task on stdin. */
    static final String SPARE_ARGUMENT = "--spare";

    /**
     * Starts closer together than this are one burst (a cell that starts several children in a
     * loop), and so is a spare taken this young: it is barely past its own launch, so it saves its
     * child nothing over a cold start.
     */
    static final long BURST_MILLIS = 50;
    /** The next spare is launched once a burst has had no start for this long. */
    static final long AFTER_BURST_MILLIS = 250;

    private final Object lock = new Object();
    /** The names of the spares handed a task, by pid, while they run: their command lines have none. */
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    /** Guarded by {@link #lock}; null when none is ready. */
    private Waiting waiting;
    /** Guarded by {@link #lock}: when the last child started, by {@link System#nanoTime()}; null before the first. */
    private Long lastStartNanos;
    /** Guarded by {@link #lock}: counts starts and {@link #end()}s, so that a deferred launch knows it is stale. */
    private long generation;

    private record Waiting(Process process, List<String> command, long launchedNanos) {}

    /**
     * Starts a child JVM that runs the task in {@code taskFile}: hands it to the spare when one
     * is ready for {@code command}, else starts one with {@code command}; then starts the next spare,
     * at once or, after a burst of starts, once the burst is over.
     *
     * @param command the child's command line up to and including ChildMain's class name
     */
    public Process start(List<String> command, String name, Path taskFile, Path outcomeFile) throws IOException {
        Waiting spare;
        boolean burst;
        long startGeneration;
        synchronized (lock) {
            long now = System.nanoTime();
            spare = waiting;
            waiting = null;
            burst = (lastStartNanos != null && now - lastStartNanos < TimeUnit.MILLISECONDS.toNanos(BURST_MILLIS))
                    || (spare != null && now - spare.launchedNanos() < TimeUnit.MILLISECONDS.toNanos(BURST_MILLIS));
            lastStartNanos = now;
            startGeneration = ++generation;
        }
        Process process = spare == null ? null : handOver(spare, command, name, taskFile, outcomeFile);
        if (process == null) {
            // Only a cold start adds a process: a spare handed its task was one of the live children already.
            process = ChildJvms.startCold(command, name, taskFile, outcomeFile);
        }
        if (burst) {
            // A spare launched now would take a core from the burst's own children while they
            // start, and the burst's next start would take it before it is ready.
            CompletableFuture.delayedExecutor(AFTER_BURST_MILLIS, TimeUnit.MILLISECONDS)
                    .execute(() -> startNextIfStill(startGeneration, command));
        } else {
            startNext(command);
        }
        return process;
    }

    /** Launches the next spare unless a child started, or the notebook ended its children, since generation {@code expected}. */
    private void startNextIfStill(long expected, List<String> command) {
        synchronized (lock) {
            if (generation != expected || waiting != null) {
                return;
            }
        }
        startNext(command);
    }

    /** The spare, given its task; null when it cannot take it (ended, or made for another command line). */
    private Process handOver(Waiting spare, List<String> command, String name, Path taskFile, Path outcomeFile) {
        if (!spare.command().equals(command) || !spare.process().isAlive()) {
            spare.process().destroyForcibly();
            return null;
        }
        // Tabs and line ends cannot be in the temporary files' paths; a name keeps them out too.
        String line = String.join("\t", name.replace('\t', ' ').replace('\n', ' '), taskFile.toString(), outcomeFile.toString()) + "\n";
        try {
            OutputStream in = spare.process().getOutputStream();
            in.write(line.getBytes(StandardCharsets.UTF_8));
            in.flush();
            long pid = spare.process().pid();
            names.put(pid, name);
            spare.process().onExit().thenRun(() -> names.remove(pid));
            return spare.process();
        } catch (IOException e) {
            spare.process().destroyForcibly(); // it ended while we wrote
            return null;
        }
    }

    private void startNext(List<String> command) {
        long live = ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
        if (live >= ChildLimit.MAX_LIVE) {
            return; // the room is the notebook's own children's
        }
        List<String> spareCommand = new ArrayList<>(command);
        spareCommand.add(SPARE_ARGUMENT);
        Waiting next;
        try {
            next = new Waiting(new ProcessBuilder(spareCommand).start(), command, System.nanoTime());
        } catch (IOException e) {
            return; // the next child starts cold, and says why if it cannot start either
        }
        Waiting replaced;
        synchronized (lock) {
            replaced = waiting;
            waiting = next;
        }
        if (replaced != null) {
            replaced.process().destroyForcibly(); // two children started at once: one spare is enough
        }
        CompletableFuture.delayedExecutor(IDLE_SECONDS, TimeUnit.SECONDS).execute(() -> retireIfWaiting(next));
    }

    private void retireIfWaiting(Waiting spare) {
        synchronized (lock) {
            if (waiting != spare) {
                return; // taken, or replaced
            }
            waiting = null;
        }
        spare.process().destroyForcibly();
    }

    /** Whether {@code pid} is the spare waiting for a task, which the timeline does not show. */
    public boolean isWaiting(long pid) {
        synchronized (lock) {
            return waiting != null && waiting.process().pid() == pid;
        }
    }

    /** The name of the child that spare {@code pid} runs, or null when it is no spare handed a task. */
    public String nameOf(long pid) {
        return names.get(pid);
    }

    /** Ends the spare, if one waits (the notebook stops its children). */
    public void end() {
        Waiting spare;
        synchronized (lock) {
            spare = waiting;
            waiting = null;
            generation++; // and no deferred launch after this
        }
        if (spare != null) {
            spare.process().destroyForcibly();
        }
    }
}
