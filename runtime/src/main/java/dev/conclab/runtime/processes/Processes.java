package dev.conclab.runtime.processes;

import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.internal.processes.ChildJvms;
import dev.conclab.runtime.internal.processes.ChildLimit;
import dev.conclab.runtime.internal.processes.ChildMain;
import dev.conclab.runtime.internal.processes.NotebookState;
import dev.conclab.runtime.internal.processes.SpareChild;
import dev.conclab.runtime.internal.processes.TaskFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.NotSerializableException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts child processes, like Python's {@code multiprocessing.Process}: a child JVM that runs a
 * lambda over the notebook's own methods, classes and records, or an OS command. Each line the
 * child prints streams live into the cell that started it.
 *
 * <pre>{@code
 * var p = Processes.start("worker-1", () -> worker(1));
 * p.join();
 * }</pre>
 *
 * <p>The child gets the notebook's classes, a copy of every top-level variable whose value is
 * Serializable (shared memory and process locks among them), and a copy of what the lambda
 * captures; other variables (threads, pools) are null there.
 */
public final class Processes {
    private Processes() {}

    /** Starts a child JVM named {@code name} that runs {@code task}. */
    public static <T> ChildProcess<T> start(String name, ProcessTask<T> task) {
        return start(name, List.of(), task);
    }

    /**
     * Starts a child JVM named {@code name}, with extra JVM options (as {@code -Xint} or
     * {@code -XX:TieredStopAtLevel=1}), that runs {@code task}. A child with options is a fresh
     * JVM: the spare one kept ready was started without them.
     */
    public static <T> ChildProcess<T> start(String name, List<String> jvmOptions, ProcessTask<T> task) {
        return start(name, jvmOptions, List.of(), task);
    }

    /**
     * Starts a child JVM as {@link #start(String, List, ProcessTask)} does, with {@code jars} on its
     * class path after the notebook's: libraries only the child loads (Lincheck, for an interleaving search).
     */
    public static <T> ChildProcess<T> start(String name, List<String> jvmOptions, List<Path> jars, ProcessTask<T> task) {
        for (String option : jvmOptions) {
            if (!option.startsWith("-")) {
                throw new IllegalArgumentException("JVM options start with '-', as -Xint; \"" + option + "\" does not");
            }
        }
        try {
            Path taskFile = Files.createTempFile("conclab-task-", ".ser");
            Path outcomeFile = Files.createTempFile("conclab-outcome-", ".ser");
            try (OutputStream out = Files.newOutputStream(taskFile)) {
                TaskFile.write(out, NotebookState.captureFor(task.getClass().getClassLoader(), task), task);
            } catch (NotSerializableException e) {
                Files.deleteIfExists(taskFile);
                throw new IllegalArgumentException("the task for child process \"" + name + "\" captures a "
                        + e.getMessage() + ", which is not Serializable; a child gets copies of what its task captures", e);
            }
            List<String> command = ChildJvms.childCommand();
            // After the defaults, before the class path: where the same option is given twice, the last one counts.
            command.addAll(command.indexOf("-cp"), jvmOptions);
            if (!jars.isEmpty()) {
                int classPath = command.indexOf("-cp") + 1;
                StringBuilder more = new StringBuilder(command.get(classPath));
                jars.forEach(jar -> more.append(java.io.File.pathSeparator).append(jar));
                command.set(classPath, more.toString());
            }
            SpareChild spare = jvmOptions.isEmpty() && jars.isEmpty() ? NotebookRuntime.spareChild() : null;
            Process process;
            if (spare != null) {
                process = spare.start(command, name, taskFile, outcomeFile);
            } else {
                // Outside a notebook (a child's own children, a test): no spare is kept.
                process = ChildJvms.startCold(command, name, taskFile, outcomeFile);
            }
            // Cell classes live in JShell's class loader; the task's own class leads there.
            return started(name, process, outcomeFile, task.getClass().getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start child process \"" + name + "\"", e);
        }
    }

    /** Starts a child JVM that runs {@code task}, named "child". */
    public static <T> ChildProcess<T> start(ProcessTask<T> task) {
        return start("child", task);
    }

    /** Starts an OS command (bash, python3, a jar); its result is its exit code. */
    public static ChildProcess<Integer> command(String... command) {
        try {
            return launch(command[0], Arrays.asList(command), null, Processes.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** Waits for every child to end. */
    public static void joinAll(ChildProcess<?>... children) throws InterruptedException {
        joinAll(Arrays.asList(children));
    }

    /** Waits for every child to end. */
    public static void joinAll(Collection<? extends ChildProcess<?>> children) throws InterruptedException {
        for (ChildProcess<?> child : children) {
            child.join();
        }
    }

    private static <T> ChildProcess<T> launch(String name, List<String> command, Path outcomeFile,
                                              ClassLoader notebookClasses) throws IOException {
        // stdin stays an open pipe that is never written, as for a program run without a terminal.
        ChildLimit.checkRoomForOneMore();
        return started(name, new ProcessBuilder(command).start(), outcomeFile, notebookClasses);
    }

    private static <T> ChildProcess<T> started(String name, Process process, Path outcomeFile, ClassLoader notebookClasses) {
        ChildJvms.noteStartedByCell(process);
        // The pumps are started by the caller's thread, so they write into the caller's cell.
        CountDownLatch drained = new CountDownLatch(2);
        List<Thread> pumps = List.of(
                pump("conclab-" + name + "-stdout", process.getInputStream(), NotebookRuntime.out(), drained),
                pump("conclab-" + name + "-stderr", process.getErrorStream(), NotebookRuntime.err(), drained));
        return new ChildProcess<>(name, process, outcomeFile, pumps, drained, notebookClasses);
    }

    /**
     * Copies a child's output line by line, so lines of different children never mix; counts
     * {@code drained} down at {@link ChildMain#OUTCOME_WRITTEN} or at the end of the stream.
     */
    private static Thread pump(String threadName, InputStream from, PrintStream to, CountDownLatch drained) {
        Thread pump = new Thread(() -> {
            boolean counted = false;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!counted && line.endsWith(ChildMain.OUTCOME_WRITTEN)) {
                        // A last line the task left unended shows as it would at the end of the stream.
                        String unended = line.substring(0, line.length() - ChildMain.OUTCOME_WRITTEN.length());
                        if (!unended.isEmpty()) {
                            to.println(unended);
                        }
                        drained.countDown();
                        counted = true;
                    } else {
                        to.println(line);
                    }
                }
            } catch (IOException e) {
                // The child closed its end: nothing more to copy.
            } finally {
                if (!counted) {
                    drained.countDown();
                }
            }
        }, threadName);
        pump.setDaemon(true);
        pump.start();
        return pump;
    }
}
