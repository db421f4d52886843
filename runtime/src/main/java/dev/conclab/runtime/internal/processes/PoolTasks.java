package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.processes.ProcessFunction;
import dev.conclab.runtime.processes.ProcessPool;
import dev.conclab.runtime.processes.ProcessTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What turns the calls of {@link java.util.concurrent.ExecutorService} into tasks a worker JVM can
 * run: the task serialized now (so that a task that cannot travel fails in the cell that submitted
 * it, saying why), Runnables made Callables, and {@code invokeAll}/{@code invokeAny} over
 * {@link ProcessPool#submit(Callable)}.
 */
public final class PoolTasks {
    private PoolTasks() {}

    public static ProcessTask<Object> ofRunnable(Runnable task) {
        // CompletableFuture's steps are ForkJoinTasks, which say they are Serializable, but hold their future.
        if (!(task instanceof Serializable) || task instanceof CompletableFuture.AsynchronousCompletionTask) {
            throw new RejectedExecutionException(notSerializable(task));
        }
        return () -> {
            task.run();
            return null;
        };
    }

    /** The task's bytes, as the worker will read them. */
    public static byte[] serialized(Callable<?> task) {
        if (!(task instanceof Serializable)) {
            throw new RejectedExecutionException(notSerializable(task));
        }
        return bytes(task, ProcessTask.class);
    }

    /** A map's function's bytes, made once per map. */
    public static byte[] serialized(ProcessFunction<?, ?> function) {
        return bytes(function, ProcessFunction.class);
    }

    /** A pool's task or function as {@link #travelling}, with the pool's messages when it cannot travel. */
    private static byte[] bytes(Object task, Class<?> target) {
        try {
            return travelling(task, target);
        } catch (NotSerializableException e) {
            throw new RejectedExecutionException("a ProcessPool's task is copied to a worker JVM, with what it captures, and this"
                    + " task captures a " + e.getMessage() + ", which is not Serializable; capture only Serializable values"
                    + " (copy what you need into a local variable first)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize a ProcessPool's task", e);
        }
    }

    /**
     * The bytes a task or function of interface {@code target} travels as, read back by
     * {@link MapChunk#readFunctionObject}: a notebook's lambda as a {@link NotebookLambda}, anything
     * else Java-serialized.
     */
    static byte[] travelling(Object task, Class<?> target) throws IOException {
        NotebookLambda lambda = NotebookLambda.of(task, target);
        if (lambda != null) {
            return lambda.bytes();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(task);
        }
        return bytes.toByteArray();
    }

    private static String notSerializable(Object task) {
        if (task instanceof CompletableFuture.AsynchronousCompletionTask) {
            return "CompletableFuture's async methods hand a pool a step of their own, which cannot travel to a worker JVM;"
                    + " use pool.submit(() -> ...), which returns a CompletableFuture to chain (thenApply, thenCombine, join)";
        }
        return "a ProcessPool runs its tasks in worker JVMs, so a task must be Serializable, and this "
                + task.getClass().getName() + " is not: give the lambda straight to submit or map (they take a ProcessTask,"
                + " which is Serializable), or declare it as one (List<ProcessTask<Long>> tasks = List.of(() -> ...))";
    }

    public static <T> List<Future<T>> invokeAll(ProcessPool pool, Collection<? extends Callable<T>> tasks, long timeoutNanos)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        List<Future<T>> futures = submitAll(pool, tasks);
        try {
            for (Future<T> future : futures) {
                try {
                    long left = deadline - System.nanoTime();
                    if (timeoutNanos == Long.MAX_VALUE) {
                        future.get();
                    } else {
                        future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
                    }
                } catch (ExecutionException | CancellationException e) {
                    // invokeAll hands back the failed future; its get() throws this.
                } catch (TimeoutException e) {
                    futures.forEach(f -> f.cancel(false));
                    return futures;
                }
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(false));
            throw e;
        }
        return futures;
    }

    public static <T> T invokeAny(ProcessPool pool, Collection<? extends Callable<T>> tasks, long timeoutNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        long deadline = System.nanoTime() + timeoutNanos;
        List<Future<T>> futures = submitAll(pool, tasks);
        BlockingQueue<CompletableFuture<T>> done = new LinkedBlockingQueue<>();
        for (Future<T> future : futures) {
            CompletableFuture<T> each = (CompletableFuture<T>) future;
            each.whenComplete((value, failure) -> done.add(each));
        }
        try {
            ExecutionException last = null;
            for (int i = 0; i < futures.size(); i++) {
                CompletableFuture<T> next = timeoutNanos == Long.MAX_VALUE ? done.take()
                        : done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new TimeoutException("no task of invokeAny ended in time");
                }
                try {
                    return next.get();
                } catch (ExecutionException e) {
                    last = e;
                }
            }
            throw last;
        } finally {
            futures.forEach(f -> f.cancel(false));
        }
    }

    private static <T> List<Future<T>> submitAll(ProcessPool pool, Collection<? extends Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(task));
            }
        } catch (RuntimeException e) {
            futures.forEach(f -> f.cancel(false));
            throw e;
        }
        return futures;
    }
}
