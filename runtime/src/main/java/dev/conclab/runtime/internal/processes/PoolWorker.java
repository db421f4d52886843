package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.processes.ChildFailedException;
import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.RefusedObjectException;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One worker JVM of a {@link ProcessPool}, the thread that feeds it tasks from the pool's queue
 * until it takes {@link PoolJob#STOP}, and the thread that reads its answers until the JVM ends.
 * A map's chunk is sent while the worker still runs the previous one ({@link PoolJob#ahead}), as
 * Python's pool fills its pipe: the worker goes on without waiting for a round trip to the parent.
 */
public final class PoolWorker {
    /** How many tasks may be sent to the worker and not yet answered. */
    private static final int IN_FLIGHT = 2;
    /**
     * A worker calls each cell's lambda by reflection (NotebookLambda), a new method per map, 500
     * calls and more: by default the JDK would generate an accessor class for each (JDK 17 after
     * 15 calls; 18 and later at once, through method handles), as costly as the lambda factory it
     * replaces. The native accessor costs a little more per call and nothing per method.
     */
    private static final List<String> NATIVE_REFLECTION = List.of(
            "-Dsun.reflect.inflationThreshold=" + Integer.MAX_VALUE, "-Djdk.reflect.useNativeAccessorOnly=true");

    private final String name;
    private final Process process;
    private final NotebookState state;
    private final BlockingQueue<PoolJob> queue;
    private final CellRouting routing;
    private final Runnable ended;
    /** How many tasks were sent and not yet answered; changes are told on {@link #work}. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The pool's monitor, told of each task queued and each answer, so that a busy worker's feeder can wait on both. */
    private final Object work;
    /** The tasks sent and not yet answered, in the order sent: the head is the one the worker runs. */
    private final BlockingQueue<Sent> answering = new LinkedBlockingQueue<>();
    /**
     * The same tasks, for the output pump, which moves on at each task's end marker and skips those
     * that printed nothing at the next start marker ({@link TaskOutput}); the reader drops those too.
     */
    private final BlockingQueue<Sent> printing = new LinkedBlockingQueue<>();
    private final Semaphore outputShown = new Semaphore(0);
    private final Thread pump;
    private final Thread feeder;

    /** A task sent; {@code number} counts the tasks and chunks sent to this worker, as the worker does (TaskOutput). */
    private record Sent(PoolJob job, long sentNanos, int number) {}

    /** Starts the worker JVM; {@code ended} runs once it has ended and its output has been shown. */
    public PoolWorker(String name, NotebookState state, BlockingQueue<PoolJob> queue, Object work, CellRouting routing,
                      Runnable ended) {
        this.name = name;
        this.work = work;
        this.state = state;
        this.queue = queue;
        this.routing = routing;
        this.ended = ended;
        List<String> command = ChildJvms.command(name);
        command.addAll(NATIVE_REFLECTION);
        command.addAll(List.of("-cp", ChildJvms.classPath(), PoolWorkerMain.class.getName()));
        try {
            ChildLimit.checkRoomForOneMore();
            process = new ProcessBuilder(command).start();
            ChildJvms.noteStartedByCell(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start pool worker " + name, e);
        }
        pump = daemon("conclab-" + name + "-output", this::pumpOutput);
        feeder = daemon("conclab-" + name, this::feed);
        daemon("conclab-" + name + "-results", this::readAnswers);
    }

    /** Ends the worker JVM at once, with the task it runs (shutdownNow). */
    public void kill() {
        process.destroyForcibly();
    }

    /** Sends tasks until STOP, which only a free worker takes, then closes stdin, which ends the worker. */
    private void feed() {
        PoolJob held = null; // taken from the queue, not yet sent
        // The function of the map whose chunks this worker was sent last: a map's chunks share one array.
        byte[] functionSent = null;
        int number = 0;
        try (DataOutputStream toWorker = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()))) {
            // Like fork at pool creation: the workers start with the notebook's variables as they are now.
            PoolWire.writeFrame(toWorker, PoolWire.STATE, state.bytes());
            toWorker.flush();
            while (true) {
                PoolJob job = next();
                held = job;
                if (job == PoolJob.STOP) {
                    return; // taken only by a free worker: every task sent is answered
                }
                if (job.result().isDone()) {
                    held = null;
                    continue; // cancelled before it started
                }
                Sent sent = new Sent(job, System.nanoTime(), number++);
                printing.add(sent);
                answering.add(sent);
                inFlight.incrementAndGet();
                held = null;
                if (job.request() instanceof MapChunk chunk) {
                    if (chunk.function() != functionSent) {
                        PoolWire.writeFrame(toWorker, PoolWire.FUNCTION, chunk.function());
                        functionSent = chunk.function();
                    }
                    PoolWire.writeChunk(toWorker, chunk);
                } else if (job.request() instanceof PoolRequest.Task task) {
                    PoolWire.writeFrame(toWorker, PoolWire.TASK, task.serialized());
                }
                toWorker.flush();
            }
        } catch (IOException e) {
            // The worker is gone (killed, Cells.stop, shutdownNow): the reader fails what it was sent.
        } catch (InterruptedException e) {
            // Cells.stop interrupts the threads of the cell that made the pool, this one among them.
            Thread.currentThread().interrupt();
        } finally {
            if (held != null && held != PoolJob.STOP) {
                queue.add(held); // never sent: another worker takes it, or the pool fails it once none is left
                synchronized (work) {
                    work.notifyAll();
                }
            }
        }
    }

    /**
     * The next task for this worker: any task when it is free; while it runs one, only a map's
     * chunk at the head of the queue ({@link PoolJob#ahead}), so that a task of its own (perhaps
     * long) is left for a free worker.
     */
    private PoolJob next() throws InterruptedException {
        synchronized (work) {
            while (inFlight.get() > 0) {
                PoolJob head = queue.peek();
                if (head != null && head.ahead() && inFlight.get() < IN_FLIGHT && queue.remove(head)) {
                    return head;
                }
                work.wait();
            }
        }
        return queue.take();
    }

    /** Completes each task as its answer comes; when the worker has ended, fails what it had not answered. */
    private void readAnswers() {
        String why;
        Throwable cause;
        try {
            DataInputStream fromWorker = new DataInputStream(new BufferedInputStream(process.getInputStream()));
            long lastEnd = 0;
            while (true) {
                PoolWire.Answer answer = PoolWire.readAnswer(fromWorker);
                // The worker answers only what it was sent, in order; the task stays in answering until it
                // is complete, so that it fails with the reason if this thread cannot complete it.
                Sent sent = answering.element();
                if (answer.printed()) {
                    outputShown.acquire(); // its output shows before its result
                } else {
                    printing.remove(sent);
                }
                long end = System.nanoTime();
                if (routing != null) {
                    routing.work().taskRan(name, sent.job().label(), Math.max(sent.sentNanos(), lastEnd), end);
                }
                lastEnd = end;
                complete(sent.job(), answer);
                answering.remove();
                inFlight.decrementAndGet();
                synchronized (work) {
                    work.notifyAll();
                }
            }
        } catch (IOException e) {
            why = name + " ended while running it (" + e + ")";
            cause = e;
        } catch (InterruptedException e) {
            why = "the pool was stopped while " + name + " ran it";
            cause = e;
        } catch (RuntimeException | Error e) {
            // An answer this process cannot take in (a bad deserialization filter pattern, say): without
            // this reader nothing would complete the tasks sent, and the map would wait forever.
            why = "because its answer from " + name + " could not be taken in here (" + e + "); the worker was ended";
            cause = e;
            process.destroyForcibly(); // nobody reads its answers any more
        }
        // The worker is gone, or closed its stdout once stdin closed after STOP (then nothing is left).
        feeder.interrupt();
        try {
            feeder.join();
            failUnanswered(why, cause);
            process.getOutputStream().close();
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            process.waitFor();
            pump.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ended.run();
    }

    /** The task the worker ran fails; those sent behind it had not started, and go back to the other workers. */
    private void failUnanswered(String why, Throwable cause) {
        Sent running = answering.poll();
        if (running != null) {
            running.job().result().completeExceptionally(new ChildFailedException(running.job().label() + " failed: ", why, cause));
        }
        Sent waiting;
        while ((waiting = answering.poll()) != null) {
            queue.add(waiting.job());
        }
        synchronized (work) {
            work.notifyAll();
        }
    }

    private void complete(PoolJob job, PoolWire.Answer answer) {
        if (answer instanceof PoolWire.ChunkDone done) {
            job.result().complete(new MapChunk.Done(done.values(), done.failure(), name));
        } else if (answer instanceof PoolWire.Returned returned) {
            try {
                job.result().complete(value(returned.value(), job.notebookClasses()));
            } catch (RefusedObjectException refused) {
                fail(job, new Outcome.Threw(refused.getMessage()));
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                fail(job, new Outcome.Threw("its result could not be read here: " + e));
            }
        } else if (answer instanceof PoolWire.Threw threw) {
            fail(job, threw.threw());
        }
    }

    private void fail(PoolJob job, Outcome.Threw threw) {
        Throwable cause = threw.cause(job.notebookClasses(), "the exception of " + job.label());
        job.result().completeExceptionally(new ChildFailedException(job.label() + " failed ",
                "in " + name + ": " + threw.inChild(name, cause), cause));
    }

    /** A task's value, read through the filter, in the notebook's classes. */
    private Object value(byte[] serialized, ClassLoader notebook) throws IOException, ClassNotFoundException {
        try (FilteredInput in = new FilteredInput(new ByteArrayInputStream(serialized), SerialFilter.forNotebook(name), () -> notebook)) {
            return in.readChecked();
        }
    }

    /** Streams what tasks print into the cell of the task running now. */
    private void pumpOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(TaskOutput.TASK_START)) {
                    // Tasks sent before this one that printed nothing are over.
                    int number = Integer.parseInt(line.substring(TaskOutput.TASK_START.length()));
                    while (printing.peek() != null && printing.peek().number() < number) {
                        printing.poll();
                    }
                    continue;
                }
                if (line.equals(TaskOutput.TASK_DONE)) {
                    printing.poll();
                    outputShown.release();
                    continue;
                }
                String text = line;
                Sent running = printing.peek();
                Cell cell = running == null ? null : running.job().cell();
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
