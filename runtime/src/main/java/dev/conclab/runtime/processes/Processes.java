package dev.conclab.runtime.processes;

import dev.conclab.runtime.output.Cell;
import dev.conclab.runtime.output.CellPrintStream;
import dev.conclab.runtime.output.CellRouting;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    /** Where the executor keeps the compiled classes of the notebook's cells. */
    public static final String CELL_CLASSES_PROPERTY = "conclab.cell.classes";
    /** Jars a notebook added ({@code %classpath}, {@code %maven}), which its children need too. */
    public static final String EXTRA_CLASS_PATH_PROPERTY = "conclab.extra.classpath";
    /** The name of a child JVM or pool worker, set on its command line. */
    static final String CHILD_NAME_PROPERTY = "conclab.child.name";

    private Processes() {}

    /** Starts a child JVM named {@code name} that runs {@code task}. */
    public static <T> ChildProcess<T> start(String name, ProcessTask<T> task) {
        try {
            Path taskFile = Files.createTempFile("conclab-task-", ".ser");
            Path outcomeFile = Files.createTempFile("conclab-outcome-", ".ser");
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(taskFile))) {
                out.writeObject(NotebookState.capture(task.getClass().getClassLoader()));
                out.writeObject(task);
            } catch (NotSerializableException e) {
                Files.deleteIfExists(taskFile);
                throw new IllegalArgumentException("the task for child process \"" + name + "\" captures a "
                        + e.getMessage() + ", which is not Serializable; a child gets copies of what its task captures", e);
            }
            List<String> command = childJvm(name);
            command.addAll(List.of("-D" + ChildMain.PARENT_PROPERTY + "=" + ProcessHandle.current().pid(),
                    "-cp", childClassPath(), ChildMain.class.getName(), taskFile.toString(), outcomeFile.toString()));
            // Cell classes live in JShell's class loader; the task's own class leads there.
            return launch(name, command, outcomeFile, task.getClass().getClassLoader());
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
        Process process = new ProcessBuilder(command).start();
        noteStartedByCell(process);
        // The pumps are started by the caller's thread, so they write into the caller's cell.
        CountDownLatch drained = new CountDownLatch(2);
        List<Thread> pumps = List.of(
                pump("conclab-" + name + "-stdout", process.getInputStream(), System.out, drained),
                pump("conclab-" + name + "-stderr", process.getErrorStream(), System.err, drained));
        return new ChildProcess<>(name, process, outcomeFile, pumps, drained, notebookClasses);
    }

    /** Lets {@code Cells.stop} find the process by the cell that started it. */
    static void noteStartedByCell(Process process) {
        CellRouting routing = CellPrintStream.installed();
        Cell cell = routing == null ? null : routing.current();
        if (cell != null) {
            routing.work().processStarted(cell, process.toHandle());
        }
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

    /**
     * The start of a child JVM's command line: the notebook's choice of what its processes accept
     * ({@link SerialFilter#PROPERTY}) goes along, as the child reads what this process sends.
     */
    static List<String> childJvm(String name) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC", "-Xshare:auto",
                "-D" + CHILD_NAME_PROPERTY + "=" + name));
        String accepted = System.getProperty(SerialFilter.PROPERTY, "");
        if (!accepted.isBlank()) {
            command.add("-D" + SerialFilter.PROPERTY + "=" + accepted);
        }
        return command;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String childClassPath() {
        String classPath = System.getProperty("java.class.path");
        String cellClasses = System.getProperty(CELL_CLASSES_PROPERTY);
        String extra = System.getProperty(EXTRA_CLASS_PATH_PROPERTY, "");
        String withExtra = extra.isEmpty() ? classPath : classPath + File.pathSeparator + extra;
        return cellClasses == null ? withExtra : withExtra + File.pathSeparator + cellClasses;
    }
}
