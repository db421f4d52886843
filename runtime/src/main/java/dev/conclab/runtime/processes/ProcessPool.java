package dev.conclab.runtime.processes;

import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.internal.processes.MapChunk;
import dev.conclab.runtime.internal.processes.NotebookState;
import dev.conclab.runtime.internal.processes.PoolJob;
import dev.conclab.runtime.internal.processes.PoolRequest;
import dev.conclab.runtime.internal.processes.PoolTasks;
import dev.conclab.runtime.internal.processes.PoolWorker;
import dev.conclab.runtime.internal.threads.PoolClosing;
import dev.conclab.runtime.internal.threads.PoolMaps;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of worker JVMs, like Python's {@code multiprocessing.Pool} or
 * {@code concurrent.futures.ProcessPoolExecutor}: {@code map} a notebook function over inputs
 * (results in input order), or {@code submit} single tasks. Workers start once and take task after
 * task; what a task prints shows in the cell that submitted it. It is an {@link ExecutorService},
 * as the {@code ThreadPool} is, so {@code invokeAll}, {@code invokeAny} and
 * {@code awaitTermination} work; its tasks travel to other JVMs, so they must be
 * {@link java.io.Serializable} (a lambda given straight to {@code submit} or {@code map} is).
 *
 * <pre>{@code
 * try (var pool = ProcessPool.create(4)) {
 *     List<Long> sums = pool.map(n -> sumTo(n), List.of(10L, 20L, 30L));
 * }                                                  // close finishes the submitted tasks first
 * }</pre>
 */
public final class ProcessPool implements ExecutorService, AutoCloseable {
    private final BlockingQueue<PoolJob> queue = new LinkedBlockingQueue<>();
    private final List<PoolWorker> workers = new ArrayList<>();
    private final CellRouting routing = NotebookRuntime.routing();
    private final AtomicInteger submitted = new AtomicInteger();
    private final CountDownLatch workersEnded;
    private final Object lifecycle = new Object();
    /** Told of each task queued, for the workers' feeders that wait for a map's next chunk ({@link PoolWorker}). */
    private final Object work = new Object();
    /** Guarded by {@link #lifecycle}, so that no task joins the queue behind the workers' STOPs. */
    private boolean shutdown;
    private int workersAlive;

    private ProcessPool(int size, ClassLoader notebook) {
        NotebookState state = NotebookState.capture(notebook);
        workersEnded = new CountDownLatch(size);
        workersAlive = size;
        try {
            for (int i = 0; i < size; i++) {
                workers.add(new PoolWorker("pool-worker-" + i, state, queue, work, routing, this::workerEnded));
            }
        } catch (RuntimeException e) {
            workers.forEach(PoolWorker::kill);
            throw e;
        }
        dev.conclab.runtime.internal.processes.PoolWarmUp.run();
    }

    /** Starts {@code size} worker JVMs. */
    public static ProcessPool create(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least one worker, not " + size);
        }
        // The caller's class is a cell's class when a cell makes the pool: its loader knows the notebook.
        ClassLoader notebook = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getClassLoader();
        return new ProcessPool(size, notebook);
    }

    public int size() {
        return workers.size();
    }

    /** Runs {@code task} on the next free worker; the future fails with a {@link ChildFailedException} if it throws. */
    public <T> CompletableFuture<T> submit(ProcessTask<T> task) {
        return enqueue(task(task), "task " + submitted.getAndIncrement(), task.getClass().getClassLoader());
    }

    /**
     * Runs {@code task} on the next free worker, if it is {@link java.io.Serializable}: a
     * {@link ProcessTask}, or any Callable class that implements Serializable.
     *
     * @throws RejectedExecutionException if it is not, saying what to do instead
     */
    @Override
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        return enqueue(task(task), "task " + submitted.getAndIncrement(), task.getClass().getClassLoader());
    }

    /** Runs {@code task} on the next free worker, if it is {@link java.io.Serializable}; the future gives null. */
    @Override
    public CompletableFuture<?> submit(Runnable task) {
        return submit(task, null);
    }

    /** Runs {@code task} on the next free worker, if it is {@link java.io.Serializable}; the future gives {@code result}. */
    @Override
    public <T> CompletableFuture<T> submit(Runnable task, T result) {
        return enqueue(task(PoolTasks.ofRunnable(task)), "task " + submitted.getAndIncrement(), task.getClass().getClassLoader())
                .thenApply(ignored -> result);
    }

    /** Runs {@code command} on the next free worker; if it throws, the exception is printed, as a thread pool's is. */
    @Override
    public void execute(Runnable command) {
        String label = "task " + submitted.getAndIncrement();
        enqueue(task(PoolTasks.ofRunnable(command)), label, command.getClass().getClassLoader()).whenComplete((ignored, failure) -> {
            if (failure != null) {
                System.err.println("Exception in " + label + " of a ProcessPool: " + failure.getMessage());
            }
        });
    }

    /**
     * Applies {@code function} to every input on the workers and returns the results in input order.
     * The inputs travel in chunks, about four per worker, as Python's {@code Pool.map} sends them.
     *
     * @throws ChildFailedException naming the first failed task (by input order) and its input, with
     *     what it threw in the worker as the cause
     */
    public <T, R> List<R> map(ProcessFunction<T, R> function, Iterable<T> inputs) throws InterruptedException {
        List<T> items = new ArrayList<>();
        inputs.forEach(items::add);
        return map(function, items, PoolMap.chunkSize(items.size(), size()));
    }

    /**
     * {@link #map(ProcessFunction, Iterable)} with {@code chunkSize} inputs per task, like Python's
     * {@code Pool.map(f, inputs, chunksize)}: 1 sends each input on its own, so that slow inputs
     * spread best over the workers; larger chunks cost fewer round trips to the workers.
     */
    public <T, R> List<R> map(ProcessFunction<T, R> function, Iterable<T> inputs, int chunkSize) throws InterruptedException {
        ClassLoader notebook = function.getClass().getClassLoader();
        return PoolMap.map(function, inputs, chunkSize, (chunks, labels) -> enqueueAll(chunks, labels, notebook));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return PoolTasks.invokeAll(this, tasks, Long.MAX_VALUE);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return PoolTasks.invokeAll(this, tasks, unit.toNanos(timeout));
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return PoolTasks.invokeAny(this, tasks, Long.MAX_VALUE);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no time limit was given", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return PoolTasks.invokeAny(this, tasks, unit.toNanos(timeout));
    }

    /** Takes no more tasks; the workers end once they have run every task submitted. */
    @Override
    public void shutdown() {
        synchronized (lifecycle) {
            if (!shutdown) {
                shutdown = true;
                workers.forEach(worker -> queue.add(PoolJob.STOP));
            }
        }
    }

    /**
     * Takes no more tasks, cancels those not started and ends the workers at once, with the tasks
     * they run (those fail with a {@link ChildFailedException}). Like {@code ForkJoinPool}'s, it
     * returns an empty list: the tasks not started are cancelled rather than handed back.
     */
    @Override
    public List<Runnable> shutdownNow() {
        synchronized (lifecycle) {
            shutdown = true;
            PoolJob job;
            while ((job = queue.poll()) != null) {
                if (job != PoolJob.STOP) {
                    job.result().cancel(false);
                }
            }
            workers.forEach(worker -> queue.add(PoolJob.STOP));
        }
        workers.forEach(PoolWorker::kill);
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        synchronized (lifecycle) {
            return shutdown;
        }
    }

    @Override
    public boolean isTerminated() {
        return isShutdown() && workersEnded.getCount() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return workersEnded.await(timeout, unit) && isShutdown();
    }

    /**
     * Finishes the submitted tasks, then ends the workers, as the {@code ThreadPool} and the JDK's
     * {@code ExecutorService.close} do: interrupted while it waits (the stop button), it calls
     * {@link #shutdownNow} and keeps the interrupt.
     */
    @Override
    public void close() {
        PoolClosing.close(this);
    }

    /** The task serialized now, so that one that cannot travel fails in the cell that submitted it. */
    private static PoolRequest task(Callable<?> task) {
        return new PoolRequest.Task(PoolTasks.serialized(task));
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> enqueue(PoolRequest request, String label, ClassLoader notebook) {
        return (CompletableFuture<T>) enqueueAll(List.of(request), List.of(label), notebook).get(0);
    }

    /** Queues the requests in order and wakes the workers' feeders once for all of them. */
    @SuppressWarnings("unchecked")
    private <T> List<CompletableFuture<T>> enqueueAll(List<? extends PoolRequest> requests, List<String> labels,
            ClassLoader notebook) {
        List<CompletableFuture<T>> results = new ArrayList<>(requests.size());
        synchronized (lifecycle) {
            if (shutdown) {
                throw new RejectedExecutionException("this ProcessPool is shut down (closed), so it takes no more tasks;"
                        + " make a new one with ProcessPool.create(n)");
            }
            for (int i = 0; i < requests.size(); i++) {
                PoolRequest request = requests.get(i);
                CompletableFuture<Object> result = new CompletableFuture<>();
                if (workersAlive == 0) {
                    result.completeExceptionally(new ChildFailedException(labels.get(i) + " failed: ",
                            "every worker of the pool has ended (killed, or stopped by Cells.stop); make a new pool", null));
                } else {
                    boolean ahead = request instanceof MapChunk chunk && chunk.size() > 1;
                    queue.add(new PoolJob(request, result, routing == null ? null : routing.current(), labels.get(i), notebook, ahead));
                }
                results.add((CompletableFuture<T>) result);
            }
            synchronized (work) {
                work.notifyAll();
            }
        }
        return results;
    }

    private void workerEnded() {
        synchronized (lifecycle) {
            if (--workersAlive == 0) {
                // No worker left to take them: say so instead of letting the cell wait forever.
                PoolJob orphan;
                while ((orphan = queue.poll()) != null) {
                    if (orphan == PoolJob.STOP) {
                        continue;
                    }
                    orphan.result().completeExceptionally(new ChildFailedException(orphan.label() + " failed: ",
                            "every worker of the pool has ended (killed, or stopped by Cells.stop)", null));
                }
            }
        }
        workersEnded.countDown();
    }
}
