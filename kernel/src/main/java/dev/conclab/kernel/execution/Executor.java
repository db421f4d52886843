package dev.conclab.kernel.execution;

import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.kernel.channel.ToExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs cells in a supervised executor JVM. When user code ends that JVM (System.exit, a crash,
 * memory exhaustion) or will not stop when interrupted, the cell gets an error saying so and a
 * fresh JVM takes over; the kernel itself never runs user code.
 */
public final class Executor implements AutoCloseable {
    /** How long an interrupted cell may take to stop before its JVM is replaced. */
    public static final long STOP_GRACE_MILLIS = 1000;

    private final List<String> command;
    private final ExecutorEvents events;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "conclab-interrupt-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong cellsStarted = new AtomicLong();
    private volatile long runningCell = -1;
    private volatile boolean killedAfterInterrupt;
    private volatile ExecutorProcess current;
    private String resetNotice;

    /** Starts the first executor JVM with {@code command}; it warms up while the kernel answers. */
    public Executor(List<String> command, ExecutorEvents events) {
        this.command = List.copyOf(command);
        this.events = events;
        this.current = startProcess();
    }

    /** Runs one cell and returns how it ended; a dead executor becomes a failed outcome. */
    public FromExecutor.Outcome execute(ToExecutor.Execute request) {
        ExecutorProcess process = current;
        runningCell = cellsStarted.incrementAndGet();
        try {
            return ((FromExecutor.ExecuteDone) process.request(request)).outcome();
        } catch (ExecutorDied died) {
            String cause = killedAfterInterrupt
                    ? "the cell did not stop within " + STOP_GRACE_MILLIS + " ms of the interrupt (code blocked where it cannot be interrupted, such as a synchronized lock), so its Java process was ended"
                    : died.getMessage();
            replace(process, cause);
            String reset = "The Java state was reset: the next cell starts in a fresh JVM, without earlier definitions.";
            return new FromExecutor.Failed("ExecutorDied", cause,
                    List.of("\u001b[1;31mThe cell ended its Java process\u001b[0m: " + cause + ".", reset));
        } finally {
            runningCell = -1;
        }
    }

    /** Whether the executor has started and can answer at once. */
    public boolean isReady() {
        return current.isReady();
    }

    /** Asks for completions, documentation or completeness; null when the executor died meanwhile. */
    public FromExecutor ask(ToExecutor request) {
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
     * Interrupts the running cell. Code that does not stop within {@link #STOP_GRACE_MILLIS}
     * ends with its JVM, so no core keeps burning behind the person's back.
     */
    public void interrupt() {
        long cell = runningCell;
        ExecutorProcess process = current;
        process.tell(new ToExecutor.Interrupt());
        if (cell < 0) {
            return;
        }
        watchdog.schedule(() -> {
            if (runningCell == cell && current == process) {
                killedAfterInterrupt = true;
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

    @Override
    public void close() {
        watchdog.shutdownNow();
        current.kill();
        current.awaitExit();
    }

    private synchronized void replace(ExecutorProcess dead, String cause) {
        if (current != dead) {
            return;
        }
        dead.kill();
        killedAfterInterrupt = false;
        resetNotice = "[The Java state was reset because " + cause + ". Earlier definitions are gone.]";
        current = startProcess();
    }

    private ExecutorProcess startProcess() {
        try {
            return ExecutorProcess.start(command, events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
