package dev.conclab.runtime.processes;

import dev.conclab.runtime.output.Cell;
import dev.conclab.runtime.output.CellPrintStream;
import dev.conclab.runtime.output.CellRouting;
import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.RefusedObjectException;
import dev.conclab.runtime.serial.SerialFilter;
import dev.conclab.runtime.threads.PoolMaps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A pool of worker JVMs, like Python's {@code multiprocessing.Pool}: {@code map} a notebook
 * function over inputs (results in input order), or {@code submit} single tasks. Workers start
 * once and take task after task; what a task prints shows in the cell that submitted it.
 *
 * <pre>{@code
 * try (var pool = ProcessPool.of(4)) {
 *     List<Long> sums = pool.map(n -> sumTo(n), List.of(10L, 20L, 30L));
 * }
 * }</pre>
 */
public final class ProcessPool implements AutoCloseable {
    /** One task waiting for a worker, with the cell to show its output in. */
    private record Job(ProcessTask<?> task, CompletableFuture<Object> result, Cell cell, String label) {}

    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final List<Worker> workers = new ArrayList<>();
    private final CellRouting routing = CellPrintStream.installed();
    private final java.util.concurrent.atomic.AtomicInteger workersAlive = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger submitted = new java.util.concurrent.atomic.AtomicInteger();

    private final NotebookState state;

    private ProcessPool(int size, ClassLoader notebook) {
        state = NotebookState.capture(notebook);
        workersAlive.set(size);
        for (int i = 0; i < size; i++) {
            workers.add(new Worker("pool-worker-" + i));
        }
    }

    /** Starts {@code size} worker JVMs. */
    public static ProcessPool of(int size) {
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

    /** Runs {@code task} on the next free worker. */
    public <R> Future<R> submit(ProcessTask<R> task) {
        return submit(task, "task " + submitted.getAndIncrement());
    }

    @SuppressWarnings("unchecked")
    private <R> Future<R> submit(ProcessTask<R> task, String label) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        queue.add(new Job(task, result, routing == null ? null : routing.current(), label));
        return (Future<R>) result;
    }

    /**
     * Applies {@code function} to every input on the workers and returns the results in input order.
     *
     * @throws ChildFailedException naming the first failed task, with the child's stack trace
     */
    public <T, R> List<R> map(ProcessFunction<T, R> function, Iterable<T> inputs) throws InterruptedException {
        return PoolMaps.map(inputs, (input, label) -> submit(() -> function.apply(input), label),
                (task, cause) -> new ChildFailedException(task + " failed: " + cause.getMessage()));
    }

    /** Ends the workers once they finish their current task. */
    @Override
    public void close() {
        for (Worker worker : workers) {
            worker.stop();
        }
    }

    /** One worker JVM and the thread that feeds it tasks from the pool's queue. */
    private final class Worker {
        private final String name;
        private final Process process;
        private volatile Cell currentCell;
        /** The loader of the running task's class: the worker's result may be of the notebook's classes. */
        private volatile ClassLoader notebookClasses;
        private final java.util.concurrent.Semaphore outputShown = new java.util.concurrent.Semaphore(0);

        Worker(String name) {
            this.name = name;
            List<String> command = Processes.childJvm(name);
            command.addAll(List.of("-cp", Processes.childClassPath(), PoolWorkerMain.class.getName()));
            try {
                ChildLimit.checkRoomForOneMore();
                process = new ProcessBuilder(command).start();
                Processes.noteStartedByCell(process);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start pool worker " + name, e);
            }
            daemon("conclab-" + name + "-output", this::pumpOutput);
            daemon("conclab-" + name, this::feed);
        }

        void stop() {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                process.destroy();
            }
        }

        private void feed() {
            try {
                feedUntilTheWorkerEnds();
            } finally {
                if (workersAlive.decrementAndGet() == 0) {
                    // No worker left to take them: say so instead of letting the cell wait forever.
                    Job orphan;
                    while ((orphan = queue.poll()) != null) {
                        orphan.result().completeExceptionally(new ChildFailedException("every worker of the pool has ended"));
                    }
                }
            }
        }

        private void feedUntilTheWorkerEnds() {
            try (ObjectOutputStream toWorker = new ObjectOutputStream(process.getOutputStream())) {
                // Like fork at pool creation: the workers start with the notebook's variables as they are now.
                toWorker.writeObject(state);
                toWorker.flush();
                FilteredInput fromWorker = new FilteredInput(process.getInputStream(),
                        SerialFilter.forNotebook(name), () -> notebookClasses);
                while (true) {
                    Job job = queue.take();
                    currentCell = job.cell();
                    notebookClasses = job.task().getClass().getClassLoader();
                    long started = System.nanoTime();
                    try {
                        toWorker.writeObject(job.task());
                        toWorker.reset();
                        toWorker.flush();
                        Outcome outcome;
                        try {
                            outcome = (Outcome) fromWorker.readChecked();
                        } catch (RefusedObjectException refused) {
                            outcome = new Outcome.Threw(refused.getMessage(), "");
                        }
                        outputShown.acquire();
                        if (routing != null) {
                            routing.work().taskRan(name, job.label(), started, System.nanoTime());
                        }
                        complete(job, outcome);
                    } catch (IOException | ClassNotFoundException e) {
                        job.result().completeExceptionally(new ChildFailedException(name + " ended while running a task: " + e));
                        return;
                    }
                }
            } catch (IOException e) {
                // The worker is gone; tasks still queued go to the other workers.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void complete(Job job, Outcome outcome) {
            if (outcome instanceof Outcome.Returned returned) {
                job.result().complete(returned.value());
            } else if (outcome instanceof Outcome.Threw threw) {
                job.result().completeExceptionally(new ChildFailedException(threw.description()
                        + (threw.stackTrace().isEmpty() ? "" : "\nIn " + name + ":\n" + threw.stackTrace())));
            }
        }

        /** Streams what tasks print into the cell of the task running now. */
        private void pumpOutput() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals(PoolWorkerMain.TASK_DONE)) {
                        outputShown.release();
                        continue;
                    }
                    String text = line;
                    Cell cell = currentCell;
                    if (routing != null && cell != null) {
                        routing.runAs(cell, () -> System.out.println(text));
                    } else {
                        System.out.println(text);
                    }
                }
            } catch (IOException e) {
                // The worker ended.
            } finally {
                // Nobody waits for output that will never come.
                outputShown.release(Integer.MAX_VALUE / 2);
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
