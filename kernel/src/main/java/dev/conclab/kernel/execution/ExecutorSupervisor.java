package dev.conclab.kernel.execution;

import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.kernel.channel.ToExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs cells in a supervised executor JVM. When user code ends that JVM (System.exit, a crash,
 * memory exhaustion) or will not stop when interrupted, the cell gets an error saying so and a
 * fresh JVM takes over; the kernel itself never runs user code.
 */
public final class ExecutorSupervisor implements AutoCloseable {
    /** How long an interrupted cell may take to stop before its JVM is replaced. */
    public static final long STOP_GRACE_MILLIS = 1000;

    private final List<String> command;
    private final ExecutorEvents events;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "conclab-interrupt-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    /** The cell being run, or null between cells. */
    private volatile RunningCell running;
    private volatile ExecutorProcess current;
    private String resetNotice;
    /** Set once the kernel stops: a JVM that dies then is not replaced. */
    private volatile boolean stopping;
    /** Hears which classes each cell compiled to, while a debugger is attached. */
    private volatile Consumer<FromExecutor.SnippetClasses> snippetClasses = report -> { };

    /** Starts the first executor JVM with {@code command}; it starts while the kernel binds its sockets and answers. */
    public ExecutorSupervisor(List<String> command, ExecutorEvents events) {
        this.command = List.copyOf(command);
        this.events = events;
        this.current = startProcess();
    }

    /**
     * Runs one cell and returns how it ended; a dead executor becomes a failed outcome. A cell
     * interrupted while it waits for the executor JVM to connect is answered at once and never sent
     * (once connected, the executor queues a cell while JShell gets its imports, and answers an
     * interrupt for it as for any cell it has not started). {@code interruptible} runs as soon as
     * an interrupt applies to this cell, before it waits for the executor: no interrupt sent after
     * what it publishes (the cell's input) misses the cell.
     */
    public FromExecutor.Outcome execute(ToExecutor.Execute request, Runnable interruptible) {
        ExecutorProcess process = current;
        RunningCell cell = new RunningCell(request.cellId());
        running = cell;
        try {
            interruptible.run();
            if (!process.awaitConnectedUnless(cell.cancelled())) {
                return FromExecutor.Failed.interruptedBeforeItStarted();
            }
            CompletableFuture<FromExecutor.Answer> answer = cell.sendUnlessInterrupted(() -> process.send(request));
            if (answer == null) {
                return FromExecutor.Failed.interruptedBeforeItStarted();
            }
            return ((FromExecutor.ExecuteDone) process.answer(request, answer)).outcome();
        } catch (ExecutorDied died) {
            boolean graceRanOut = cell.wasEndedByGrace();
            String cause = graceRanOut ? graceRanOut(cell) : died.getMessage();
            replace(process, cause);
            String headline = graceRanOut ? "The cell's Java process was ended" : "The cell ended its Java process";
            String reset = "The Java state was reset: the next cell starts in a fresh JVM, without earlier definitions.";
            return new FromExecutor.Failed("ExecutorDied", cause,
                    List.of("\u001b[1;31m" + headline + "\u001b[0m: " + cause + ".", reset));
        } finally {
            running = null;
        }
    }

    /** Why the kernel ended the executor: what the executor found when the interrupt came, and no guess beyond it. */
    private static String graceRanOut(RunningCell cell) {
        String cause = "the cell's code did not stop within " + STOP_GRACE_MILLIS + " ms of the interrupt, so the kernel ended its Java process";
        List<String> waits = cell.monitorWaits();
        if (!waits.isEmpty()) {
            cause += " (when the interrupt came, " + String.join("; ", waits)
                    + ", and no interrupt ends a wait to enter a synchronized block)";
        }
        return cause;
    }

    /** Whether a cell runs now (its code, or it waits for the executor): questions for the cell thread would wait for its end. */
    public boolean cellRunning() {
        return running != null;
    }

    /** Whether the executor has started and can answer at once. */
    public boolean isReady() {
        return current.isReady();
    }

    /**
     * Asks for completions, documentation or completeness and waits for the answer with the
     * request's id; null when the executor died meanwhile.
     */
    public FromExecutor.Answer ask(ToExecutor.Request request) {
        ExecutorProcess process = current;
        try {
            return process.request(request);
        } catch (ExecutorDied died) {
            replace(process, died.getMessage());
            return null;
        }
    }

    /** Hands a line the person typed to the cell waiting for it. */
    public void input(String text) {
        current.tell(new ToExecutor.InputReply(text));
    }

    /**
     * Interrupts the running cell. A cell the executor does not have yet is cancelled here; one
     * it has is stopped there. Code that does not stop within {@link #STOP_GRACE_MILLIS} of the
     * interrupt, counted from when the code started if it had not yet, ends with its JVM, so no
     * core keeps burning behind the person's back. Between cells an interrupt does nothing.
     */
    public void interrupt() {
        RunningCell cell = running;
        if (cell == null) {
            return;
        }
        ExecutorProcess process = current;
        RunningCell.InterruptAction action = cell.interrupt();
        if (action == RunningCell.InterruptAction.CANCELLED) {
            return;
        }
        process.tell(new ToExecutor.Interrupt());
        if (action == RunningCell.InterruptAction.TELL_AND_START_GRACE) {
            startGrace(cell, process);
        }
    }

    /**
     * How long an attach may hold the control thread (interrupts and shutdowns wait behind it):
     * the agent dialled within 3 s in the browser test at a load average of 26 on 2 cores.
     */
    private static final Duration DEBUGGER_DIALS_WITHIN = Duration.ofSeconds(10);

    /** Connects a debugger to the running executor (see ExecutorProcess.connectDebugger). */
    public Socket connectDebugger() throws IOException {
        try {
            return current.connectDebugger(DEBUGGER_DIALS_WITHIN);
        } catch (ExecutorDied died) {
            throw new IOException("the Java process is not running: " + died.getMessage());
        }
    }

    public void onSnippetClasses(Consumer<FromExecutor.SnippetClasses> listener) {
        snippetClasses = listener;
    }

    /** Hears from the executor how far the running cell got. */
    private void progress(FromExecutor event) {
        RunningCell cell = running;
        if (event instanceof FromExecutor.SnippetClasses report) {
            // The cell waits for this answer, so that its code never runs ahead of its breakpoints.
            try {
                snippetClasses.accept(report);
            } finally {
                current.tell(new ToExecutor.SnippetClassesSeen(report.cellId()));
            }
        } else if (event instanceof FromExecutor.CodeStarted started && cell != null && cell.isFor(started.cellId())) {
            if (cell.codeStarted()) {
                startGrace(cell, current);
            }
        } else if (event instanceof FromExecutor.InterruptFound found && cell != null && cell.isFor(found.cellId())) {
            cell.found(found.monitorWaits());
        }
    }

    private void startGrace(RunningCell cell, ExecutorProcess process) {
        watchdog.schedule(() -> {
            if (running == cell && current == process) {
                cell.endedByGrace();
                process.kill();
            }
        }, STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The one line to show before the next cell when the previous JVM ended, or null. */
    public synchronized String takeResetNotice() {
        String notice = resetNotice;
        resetNotice = null;
        return notice;
    }

    /**
     * Ends the executor JVM and what it started without waiting for them, as the kernel begins to
     * stop; {@link #close} then waits. No JVM replaces it, also for a cell that was running.
     */
    public void kill() {
        stopping = true;
        current.kill();
    }

    @Override
    public void close() {
        stopping = true;
        watchdog.shutdownNow();
        current.kill();
        current.awaitExit();
    }

    private synchronized void replace(ExecutorProcess dead, String cause) {
        if (current != dead || stopping) {
            return;
        }
        dead.kill();
        resetNotice = "[The Java state was reset because " + cause + ". Earlier definitions are gone.]";
        current = startProcess();
    }

    private ExecutorProcess startProcess() {
        try {
            return ExecutorProcess.start(command, events, this::progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
