package dev.conclab.runtime.processes;

import dev.conclab.runtime.internal.processes.Outcome;
import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A running child process, like Python's {@code multiprocessing.Process}: join it, read its exit
 * code and its result (or the exception it threw, with the child's stack trace), terminate or
 * kill it. Its output streams into the cell that started it.
 *
 * @param <T> what the child's code returns
 */
public final class ChildProcess<T> {
    private final String name;
    private final Process process;
    private final Path outcomeFile;
    private final List<Thread> pumps;
    /** Counted down by each output pump once the child said its outcome is written, or its stream ended. */
    private final CountDownLatch drained;
    private final ClassLoader notebookClasses;

    ChildProcess(String name, Process process, Path outcomeFile, List<Thread> pumps, CountDownLatch drained,
                 ClassLoader notebookClasses) {
        this.name = name;
        this.notebookClasses = notebookClasses;
        this.process = process;
        this.outcomeFile = outcomeFile;
        this.pumps = pumps;
        this.drained = drained;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the child has ended and all its output has reached the cell. */
    public ChildProcess<T> join() throws InterruptedException {
        process.waitFor();
        for (Thread pump : pumps) {
            pump.join();
        }
        return this;
    }

    /** The child's exit code; waits for it to end first. */
    public int exitCode() throws InterruptedException {
        join();
        return process.exitValue();
    }

    /**
     * What the child's code returned; waits until the child has written it and all the output it
     * printed before has reached the cell (not for the child JVM's exit).
     *
     * @throws ChildFailedException if the code threw (the cause is what it threw, with the child's
     *     stack trace) or the child ended without a result (killed, or {@code System.exit} in the child)
     */
    @SuppressWarnings("unchecked")
    public T result() throws InterruptedException {
        if (outcomeFile == null) {
            return (T) Integer.valueOf(exitCode());
        }
        drained.await();
        Outcome outcome = readOutcome();
        if (outcome instanceof Outcome.Returned returned) {
            return (T) returned.value();
        }
        if (outcome instanceof Outcome.Threw threw) {
            Throwable cause = threw.cause(notebookClasses, "the exception of child process \"" + name + "\"");
            throw new ChildFailedException("child process \"" + name + "\" failed: ", threw.inChild("the child", cause), cause);
        }
        throw new ChildFailedException("child process \"" + name + "\" ended with exit code " + exitCode()
                + " before returning a result");
    }

    /** Asks the child to end (SIGTERM). */
    public void terminate() {
        process.destroy();
    }

    /** Ends the child at once (SIGKILL). */
    public void kill() {
        process.destroyForcibly();
    }

    private Outcome readOutcome() {
        try {
            if (!Files.exists(outcomeFile) || Files.size(outcomeFile) == 0) {
                return null;
            }
            SerialFilter filter = SerialFilter.forNotebook("the result of child process \"" + name + "\"");
            try (FilteredInput in = new FilteredInput(Files.newInputStream(outcomeFile), filter, () -> notebookClasses)) {
                return (Outcome) in.readChecked();
            } finally {
                Files.deleteIfExists(outcomeFile);
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new ChildFailedException("cannot read the result of child process \"" + name + "\": ", e.toString(), e);
        }
    }

    @Override
    public String toString() {
        return "ChildProcess[" + name + ", pid " + process.pid()
                + (process.isAlive() ? ", running]" : ", exit code " + process.exitValue() + "]");
    }
}
