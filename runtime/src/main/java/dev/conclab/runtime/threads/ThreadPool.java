package dev.conclab.runtime.threads;

import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.internal.threads.PoolClosing;
import dev.conclab.runtime.internal.threads.PoolMaps;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of threads with the shape of the process pool, like Python's
 * {@code concurrent.futures.ThreadPoolExecutor} or {@code multiprocessing.pool.ThreadPool}:
 * {@code map} a function over inputs (results in input order, a progress bar for long maps), or
 * {@code submit} single tasks. It is an {@link java.util.concurrent.ExecutorService} (over a JDK
 * {@link ThreadPoolExecutor}), so it goes wherever one is expected: {@code invokeAll},
 * {@code CompletableFuture.supplyAsync(..., pool)}. What a task prints shows in the cell that
 * submitted it, and a {@code Timeline} shows which worker thread ran which task.
 *
 * <pre>{@code
 * try (var pool = ThreadPool.create(4)) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 */
public final class ThreadPool extends AbstractExecutorService implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor executor;
    private final CellRouting routing = NotebookRuntime.routing();
    private final AtomicInteger submitted = new AtomicInteger();

    private ThreadPool(int size) {
        String prefix = "thread-pool-" + POOLS.incrementAndGet() + "-worker-";
        AtomicInteger workers = new AtomicInteger();
        // A JDK pool: the executor's agent carries each task's cell with it and lets Cells.stop end the pool.
        executor = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, prefix + workers.getAndIncrement());
            // A pool the notebook forgets to close must not keep the JVM alive.
            thread.setDaemon(true);
            return thread;
        });
        // Made now, by the creating cell's thread, the workers join its thread group: the timeline samples them from the start.
        executor.prestartAllCoreThreads();
    }

    /** Starts {@code size} worker threads. */
    public static ThreadPool create(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least one worker, not " + size);
        }
        return new ThreadPool(size);
    }

    public int size() {
        return executor.getCorePoolSize();
    }

    /**
     * Applies {@code function} to every input on the workers and returns the results in input order.
     *
     * @throws TaskFailedException naming the first failed task (by input order) and its input, with
     *     what it threw as the cause
     */
    public <T, R> List<R> map(TaskFunction<T, R> function, Iterable<T> inputs) throws InterruptedException {
        return PoolMaps.map(inputs, (input, label) -> {
            TimedTask<R> task = new TimedTask<>(timed(() -> function.apply(input), label));
            executor.execute(task);
            return task;
        }, (task, cause) -> new TaskFailedException(task + " failed: " + cause, cause));
    }

    /** Runs {@code command} on the next free worker; every other way in ({@code submit}, {@code invokeAll}) comes here. */
    @Override
    public void execute(Runnable command) {
        executor.execute(command instanceof TimedTask ? command : timed(command, "task " + submitted.getAndIncrement()));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new TimedTask<>(timed(callable, "task " + submitted.getAndIncrement()));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return newTaskFor(Executors.callable(runnable, value));
    }

    /** Stops taking tasks; those submitted still run. */
    @Override
    public void shutdown() {
        executor.shutdown();
    }

    /** Stops taking tasks, drops those not started (and returns them), and interrupts those running. */
    @Override
    public List<Runnable> shutdownNow() {
        return executor.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return executor.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return executor.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return executor.awaitTermination(timeout, unit);
    }

    /**
     * Finishes the submitted tasks, then stops, as {@code ExecutorService.close} does on JDK 19+
     * (the process pool closes the same way): interrupted while it waits (the stop button), it
     * calls {@link #shutdownNow}, waits for the running tasks to end, and keeps the interrupt.
     */
    @Override
    public void close() {
        PoolClosing.close(this);
    }

    /**
     * The task, drawn on its worker's row of the timeline; the mark is made before the future
     * completes, so that a timeline stopped when the results are in has every task.
     */
    private <T> Callable<T> timed(Callable<T> task, String label) {
        return () -> {
            long started = System.nanoTime();
            try {
                return task.call();
            } finally {
                taskRan(label, started);
            }
        };
    }

    private Runnable timed(Runnable task, String label) {
        return () -> {
            long started = System.nanoTime();
            try {
                task.run();
            } finally {
                taskRan(label, started);
            }
        };
    }

    private void taskRan(String label, long started) {
        if (routing != null) {
            routing.work().taskRan(Thread.currentThread().getName(), label, started, System.nanoTime());
        }
    }

    /** A task whose timeline mark is already inside, which {@link #execute} runs as it is. */
    private static final class TimedTask<T> extends FutureTask<T> {
        TimedTask(Callable<T> timed) {
            super(timed);
        }
    }
}
