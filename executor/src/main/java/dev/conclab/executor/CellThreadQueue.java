package dev.conclab.executor;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Work that other threads need from the cell thread, the one thread that may use JShell (its
 * compiler and source analysis are not thread-safe). The cell thread does it while it waits for
 * a cell's code to run, or, when no cell runs, as its next request.
 */
final class CellThreadQueue {
    private static final Runnable WAKE_UP = () -> { };

    private final BlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
    private final Executor cellThread;

    /** {@code cellThread} runs the executor's requests, one at a time. */
    CellThreadQueue(Executor cellThread) {
        this.cellThread = cellThread;
    }

    /**
     * Has the cell thread compute {@code task} and waits for it; {@code fallback} when it does not
     * answer within {@code timeoutMillis} (it is compiling a long cell) or the task fails.
     */
    <T> T call(Supplier<T> task, long timeoutMillis, Supplier<T> fallback) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        work.add(() -> {
            try {
                answer.complete(task.get());
            } catch (RuntimeException | LinkageError e) {
                answer.completeExceptionally(e);
            }
        });
        cellThread.execute(this::runPending);
        try {
            return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback.get();
        } catch (ExecutionException | TimeoutException e) {
            return fallback.get();
        }
    }

    /** On the cell thread: does what was asked so far. */
    void runPending() {
        for (Runnable task = work.poll(); task != null; task = work.poll()) {
            task.run();
        }
    }

    /** On the cell thread: waits up to {@code millis} for work or a {@link #wakeUp()}, and does it. */
    void serve(long millis) throws InterruptedException {
        Runnable task = work.poll(millis, TimeUnit.MILLISECONDS);
        if (task != null) {
            task.run();
            runPending();
        }
    }

    /** Ends a {@link #serve(long)} early: what it waited for has happened. */
    void wakeUp() {
        work.add(WAKE_UP);
    }
}
