package dev.conclab.runtime.lifecycle;

import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.CellWork;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.internal.cells.NotebookThreads;
import dev.conclab.runtime.internal.processes.SpareChild;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Stops what a cell started: {@code Cells.stop(3)} ends every thread, thread pool and child
 * process that cell {@code In [3]} started (and what those started), {@code Cells.stopAll()} what
 * every cell started. Pools are shut down at once ({@code shutdownNow}). Threads are interrupted and given a second to end; on JDKs that still can
 * (17 to 19), a thread that ignores its interrupt is then forced to stop, as the stop button does.
 */
public final class Cells {
    private static final long GRACE_MILLIS = 1000;

    private Cells() {}

    /** Stops the threads and child processes that cell {@code In [executionCount]} started. */
    public static StopReport stop(int executionCount) {
        return stop("In [" + executionCount + "]", cell -> cell.executionCount() == executionCount);
    }

    /** Stops the threads and child processes that any cell started. */
    public static StopReport stopAll() {
        SpareChild spare = NotebookRuntime.spareChild();
        if (spare != null) {
            spare.end(); // a JVM waiting for the next child is no cell's, but the notebook's all the same
        }
        return stop("every cell", cell -> true);
    }

    private static StopReport stop(String scope, Predicate<Cell> which) {
        CellRouting routing = NotebookRuntime.routing();
        if (routing == null) {
            return new StopReport(scope, List.of(), List.of());
        }
        CellWork work = routing.work();
        Thread self = Thread.currentThread();
        List<Thread> threads = new ArrayList<>(work.threads(which));
        threads.removeIf(thread -> thread == self || !NotebookThreads.isNotebooks(thread));
        List<ProcessHandle> processes = work.processes(which);
        List<ExecutorService> pools = work.pools(which);
        pools.forEach(ExecutorService::shutdownNow);
        processes.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        awaitEnd(threads, processes, deadline);
        threads.stream().filter(Thread::isAlive).forEach(Cells::forceStop);
        awaitEnd(threads, processes, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));

        List<String> stopped = new ArrayList<>();
        List<String> running = new ArrayList<>();
        threads.forEach(t -> (t.isAlive() ? running : stopped).add("thread \"" + t.getName() + "\""));
        processes.forEach(p -> (p.isAlive() ? running : stopped).add("process " + p.pid()));
        pools.forEach(p -> (p.isTerminated() ? stopped : running).add("pool " + p.getClass().getSimpleName()
                + "@" + Integer.toHexString(System.identityHashCode(p))));
        return new StopReport(scope, stopped, running);
    }

    private static void awaitEnd(List<Thread> threads, List<ProcessHandle> processes, long deadline) {
        try {
            for (Thread thread : threads) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(thread, left);
                }
            }
            for (ProcessHandle process : processes) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    process.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Reported as still running.
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void forceStop(Thread thread) {
        // Without its own handler, the dying thread's ThreadDeath would reach JShell's thread
        // group, which takes it for the stop button and fails the cell that called stop.
        Thread.UncaughtExceptionHandler before = thread.getUncaughtExceptionHandler();
        thread.setUncaughtExceptionHandler((dying, e) -> {
            if (!(e instanceof ThreadDeath)) {
                before.uncaughtException(dying, e);
            }
        });
        try {
            thread.stop();
        } catch (UnsupportedOperationException e) {
            // JDK 20 and newer cannot force a thread to stop; the report names it.
        }
    }
}
