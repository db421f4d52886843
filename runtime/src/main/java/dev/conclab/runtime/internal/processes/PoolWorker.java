package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.processes.ChildFailedException;
import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.RefusedObjectException;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * One worker JVM of a {@link ProcessPool} and the thread that feeds it tasks from the pool's queue
 * until it takes {@link PoolJob#STOP} or the JVM ends.
 */
public final class PoolWorker {
    private final String name;
    private final Process process;
    private final NotebookState state;
    private final BlockingQueue<PoolJob> queue;
    private final CellRouting routing;
    private final Runnable ended;
    private volatile Cell currentCell;
    /** The loader of the running task's notebook: the worker's result may be of the notebook's classes. */
    private volatile ClassLoader notebookClasses;
    private final Semaphore outputShown = new Semaphore(0);
    private final Thread pump;

    /** Starts the worker JVM; {@code ended} runs once it has ended and its output has been shown. */
    public PoolWorker(String name, NotebookState state, BlockingQueue<PoolJob> queue, CellRouting routing, Runnable ended) {
        this.name = name;
        this.state = state;
        this.queue = queue;
        this.routing = routing;
        this.ended = ended;
        List<String> command = ChildJvms.command(name);
        command.addAll(List.of("-cp", ChildJvms.classPath(), PoolWorkerMain.class.getName()));
        try {
            ChildLimit.checkRoomForOneMore();
            process = new ProcessBuilder(command).start();
            ChildJvms.noteStartedByCell(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start pool worker " + name, e);
        }
        pump = daemon("conclab-" + name + "-output", this::pumpOutput);
        daemon("conclab-" + name, this::feed);
    }

    /** Ends the worker JVM at once, with the task it runs (shutdownNow). */
    public void kill() {
        process.destroyForcibly();
    }

    private void feed() {
        try {
            feedUntilStopped();
        } finally {
            try {
                // Closing stdin ends the worker, as it ends a Python pool's worker.
                process.getOutputStream().close();
            } catch (IOException e) {
                process.destroy();
            }
            try {
                process.waitFor();
                pump.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.run();
        }
    }

    private void feedUntilStopped() {
        PoolJob job = null;
        try (ObjectOutputStream toWorker = new ObjectOutputStream(process.getOutputStream())) {
            // Like fork at pool creation: the workers start with the notebook's variables as they are now.
            toWorker.writeObject(state);
            toWorker.flush();
            FilteredInput fromWorker = new FilteredInput(process.getInputStream(), SerialFilter.forNotebook(name), () -> notebookClasses);
            while (true) {
                job = queue.take();
                if (job == PoolJob.STOP) {
                    return;
                }
                if (job.result().isDone()) {
                    continue; // cancelled before it started
                }
                currentCell = job.cell();
                notebookClasses = job.notebookClasses();
                long started = System.nanoTime();
                toWorker.writeObject(job.task());
                toWorker.reset();
                toWorker.flush();
                Outcome outcome;
                try {
                    outcome = (Outcome) fromWorker.readChecked();
                } catch (RefusedObjectException refused) {
                    outcome = new Outcome.Threw(refused.getMessage());
                }
                outputShown.acquire();
                if (routing != null) {
                    routing.work().taskRan(name, job.label(), started, System.nanoTime());
                }
                complete(job, outcome);
                job = null;
            }
        } catch (IOException | ClassNotFoundException e) {
            // The worker is gone (killed, Cells.stop, shutdownNow); tasks still queued go to the other workers.
            if (job != null) {
                job.result().completeExceptionally(new ChildFailedException(job.label() + " failed: ",
                        name + " ended while running it (" + e + ")", e));
            }
        } catch (InterruptedException e) {
            // Cells.stop interrupts the threads of the cell that made the pool, this one among them.
            if (job != null) {
                job.result().completeExceptionally(new ChildFailedException(job.label() + " failed: ",
                        "the pool was stopped while " + name + " ran it", e));
            }
            Thread.currentThread().interrupt();
        }
    }

    private void complete(PoolJob job, Outcome outcome) {
        if (outcome instanceof Outcome.Returned returned) {
            job.result().complete(returned.value());
        } else if (outcome instanceof Outcome.Threw threw) {
            Throwable cause = threw.cause(job.notebookClasses(), "the exception of " + job.label());
            job.result().completeExceptionally(new ChildFailedException(job.label() + " failed ",
                    "in " + name + ": " + threw.inChild(name, cause), cause));
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
                    routing.runAs(cell, () -> NotebookRuntime.out().println(text));
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

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
