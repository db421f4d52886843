package dev.conclab.runtime.threads;

import dev.conclab.runtime.output.CellPrintStream;
import dev.conclab.runtime.output.CellRouting;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of threads with the shape of the process pool, like Python's
 * {@code concurrent.futures.ThreadPoolExecutor} or {@code multiprocessing.pool.ThreadPool}:
 * {@code map} a function over inputs (results in input order, a progress bar for long maps), or
 * {@code submit} single tasks. What a task prints shows in the cell that submitted it, and a
 * {@code Timeline} shows which worker thread ran which task.
 *
 * <pre>{@code
 * try (var pool = ThreadPool.of(4)) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 */
public final class ThreadPool implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService executor;
    private final CellRouting routing = CellPrintStream.installed();
    private final AtomicInteger submitted = new AtomicInteger();
    private final int size;

    private ThreadPool(int size) {
        this.size = size;
        String prefix = "thread-pool-" + POOLS.incrementAndGet() + "-worker-";
        AtomicInteger workers = new AtomicInteger();
        // A JDK pool: the executor's agent carries each task's cell with it and lets Cells.stop end the pool.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, prefix + workers.getAndIncrement());
            // A pool the notebook forgets to close must not keep the JVM alive.
            thread.setDaemon(true);
            return thread;
        });
        // Made now, by the creating cell's thread, the workers join its thread group: the timeline samples them from the start.
        pool.prestartAllCoreThreads();
        executor = pool;
    }

    /** Starts {@code size} worker threads. */
    public static ThreadPool of(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least one worker, not " + size);
        }
        return new ThreadPool(size);
    }

    public int size() {
        return size;
    }

    /** Runs {@code task} on the next free worker. */
    public <R> Future<R> submit(Callable<R> task) {
        return submit(task, "task " + submitted.getAndIncrement());
    }

    /**
     * Applies {@code function} to every input on the workers and returns the results in input order.
     *
     * @throws TaskFailedException naming the first failed task (by input order) and its input, with
     *     what it threw as the cause
     */
    public <T, R> List<R> map(TaskFunction<T, R> function, Iterable<T> inputs) throws InterruptedException {
        return PoolMaps.map(inputs, (input, label) -> submit(() -> function.apply(input), label),
                (task, cause) -> new TaskFailedException(task + " failed: " + cause, cause));
    }

    /** Stops taking tasks and waits for those submitted to end, as {@code ExecutorService.close} does on JDK 19+. */
    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        try {
            while (!executor.awaitTermination(1, TimeUnit.DAYS)) {
                // Keep waiting: a cell that should not wait is interrupted, which ends the wait below.
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    private <R> Future<R> submit(Callable<R> task, String label) {
        return executor.submit(() -> {
            long started = System.nanoTime();
            try {
                return task.call();
            } finally {
                if (routing != null) {
                    // The timeline draws the task on the row of this worker thread.
                    routing.work().taskRan(Thread.currentThread().getName(), label, started, System.nanoTime());
                }
            }
        });
    }
}
