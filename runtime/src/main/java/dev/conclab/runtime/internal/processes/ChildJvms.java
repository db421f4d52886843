package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How a child JVM of the notebook (a child process or a pool worker) is started and registered. */
public final class ChildJvms {
    /** Where the executor keeps the compiled classes of the notebook's cells. */
    public static final String CELL_CLASSES_PROPERTY = "conclab.cell.classes";
    /** The name of a child JVM or pool worker, set on its command line. */
    public static final String CHILD_NAME_PROPERTY = "conclab.child.name";
    /** Jars a notebook added ({@code %classpath}, {@code %maven}), which its children need too. */
    public static final String EXTRA_CLASS_PATH_PROPERTY = "conclab.extra.classpath";

    /** The file name of the children's class-data archive, made by install.sh beside the runtime jar. */
    public static final String ARCHIVE = "children.jsa";

    /**
     * C2 starts five times later than by default in a child, as in the executor (kernel's
     * KernelMain), C1 as by default. A child lives for one task, often a loop of a few thousand
     * calls on shared objects: by default C2 compiled the socket and frame code of that loop while
     * it ran, on a core the child's own exchanges and the notebook needed (a 2-core machine), and
     * the exchanges slowed (docs/benchmarks.md, issue 11). Code that runs hot still reaches C2
     * within milliseconds (25,000 calls, or 200,000 loop iterations). A child's own options
     * ({@code Processes.start(name, options, task)}) come later on its command line, so they win.
     */
    static final List<String> COMPILER_OPTIONS = List.of(
            "-XX:Tier4InvocationThreshold=25000",
            "-XX:Tier4MinInvocationThreshold=3000",
            "-XX:Tier4CompileThreshold=75000",
            "-XX:Tier4BackEdgeThreshold=200000");

    private ChildJvms() {}

    /** Lets {@code Cells.stop} find the process by the cell that started it. */
    public static void noteStartedByCell(Process process) {
        CellRouting routing = NotebookRuntime.routing();
        Cell cell = routing == null ? null : routing.current();
        if (cell != null) {
            routing.work().processStarted(cell, process.toHandle());
        }
    }

    /**
     * The start of a child JVM's command line: the notebook's choice of what its processes accept
     * ({@link SerialFilter#PROPERTY}) goes along, as the child reads what this process sends.
     */
    public static List<String> command(String name) {
        List<String> command = command();
        command.add("-D" + CHILD_NAME_PROPERTY + "=" + name);
        return command;
    }

    /** {@link #command(String)} without the name, for a child that learns it later ({@link SpareChild}). */
    static List<String> command() {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC", "-Xshare:auto"));
        command.addAll(COMPILER_OPTIONS);
        Path archive = archive();
        if (archive != null) {
            // Made by install.sh (ChildArchive) for this JDK and these jars; one that does not match
            // them is ignored by the JVM, and the logs are off so that no notice reaches a cell.
            command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        String accepted = System.getProperty(SerialFilter.PROPERTY, "");
        if (!accepted.isBlank()) {
            command.add("-D" + SerialFilter.PROPERTY + "=" + accepted);
        }
        return command;
    }

    /** The command line of a child JVM that runs {@link ChildMain}, up to its class name. */
    public static List<String> childCommand() {
        List<String> command = command();
        command.addAll(List.of("-D" + ChildMain.PARENT_PROPERTY + "=" + ProcessHandle.current().pid(),
                "-cp", classPath(), ChildMain.class.getName()));
        return command;
    }

    /**
     * Launches a child JVM for one task, without a spare: {@code command} is {@link #childCommand()}
     * (and its options), to which the child's name and its task and outcome files are added.
     */
    public static Process startCold(List<String> command, String name, Path taskFile, Path outcomeFile) throws IOException {
        ChildLimit.checkRoomForOneMore();
        List<String> cold = new ArrayList<>(command);
        cold.add(cold.size() - 1, "-D" + CHILD_NAME_PROPERTY + "=" + name);
        cold.addAll(List.of(taskFile.toString(), outcomeFile.toString()));
        return new ProcessBuilder(cold).start();
    }

    /** The children's class-data archive beside the runtime jar, or null when there is none (a build not installed). */
    private static Path archive() {
        try {
            Path jar = Path.of(ChildJvms.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path archive = jar.resolveSibling(ARCHIVE);
            return Files.isRegularFile(archive) ? archive : null;
        } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
            return null;
        }
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static String classPath() {
        String classPath = System.getProperty("java.class.path");
        String cellClasses = System.getProperty(CELL_CLASSES_PROPERTY);
        String extra = System.getProperty(EXTRA_CLASS_PATH_PROPERTY, "");
        String withExtra = extra.isEmpty() ? classPath : classPath + File.pathSeparator + extra;
        return cellClasses == null ? withExtra : withExtra + File.pathSeparator + cellClasses;
    }
}
