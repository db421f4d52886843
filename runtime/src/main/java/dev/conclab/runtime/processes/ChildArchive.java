package dev.conclab.runtime.processes;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A class-data archive (AppCDS) of the classes a child JVM loads, so that child JVMs and pool
 * workers map them instead of reading, verifying and linking them again each time (this is most
 * of a child's start beyond a hello-world JVM's). It lives in the executor's private directory and
 * goes with it; the first child a notebook starts has it made by a training JVM in the background
 * (a child that runs a task of the runtime's own, with {@code -XX:ArchiveClassesAtExit}), and the
 * children started after it is in place use it. The file system holds all its state: the archive
 * itself, and a marker that training has begun, so that it is made once per executor.
 */
final class ChildArchive {
    private static final String NAME = "children.jsa";

    private ChildArchive() {}

    /**
     * The options that make a child JVM use the archive, or none while it is not made yet (then
     * training begins) or outside a notebook.
     */
    static List<String> options(List<String> childJvm, String classPath) {
        Path directory = privateDirectory();
        if (directory == null) {
            return List.of();
        }
        Path archive = directory.resolve(NAME);
        if (Files.isRegularFile(archive)) {
            // A stale archive (the jars changed) is ignored by -Xshare:auto; the JVM must not say so in the cell.
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        }
        train(directory, archive, childJvm, classPath);
        return List.of();
    }

    /** The executor's private directory, which holds the cell classes; null outside a notebook. */
    private static Path privateDirectory() {
        String cellClasses = System.getProperty(Processes.CELL_CLASSES_PROPERTY);
        return cellClasses == null ? null : Path.of(cellClasses).getParent();
    }

    private static void train(Path directory, Path archive, List<String> childJvm, String classPath) {
        try {
            Files.createFile(directory.resolve(NAME + ".training"));
        } catch (FileAlreadyExistsException e) {
            return; // begun already
        } catch (IOException e) {
            return; // children start all the same, only slower
        }
        try {
            Path partial = directory.resolve(NAME + ".partial");
            Path taskFile = Files.createTempFile(directory, "training-", ".ser");
            Path outcomeFile = Files.createTempFile(directory, "training-", ".out");
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(taskFile))) {
                out.writeObject(NotebookState.capture(null));
                out.writeObject(trainingTask());
            }
            List<String> command = new ArrayList<>(childJvm);
            // Only the class path of the executor (jars): the archive stays valid when a notebook adds to it.
            command.addAll(List.of("-XX:ArchiveClassesAtExit=" + partial, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                    "-D" + ChildMain.PARENT_PROPERTY + "=" + ProcessHandle.current().pid(),
                    "-cp", classPath, ChildMain.class.getName(), taskFile.toString(), outcomeFile.toString()));
            Process trainer = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            trainer.onExit().thenRun(() -> settle(partial, archive, taskFile, outcomeFile));
        } catch (IOException | RuntimeException e) {
            // No archive: children start all the same, only slower.
        }
    }

    /** Moves the finished archive into place at once, so that no child maps half of one. */
    private static void settle(Path partial, Path archive, Path taskFile, Path outcomeFile) {
        try {
            Files.deleteIfExists(taskFile);
            Files.deleteIfExists(outcomeFile);
            if (Files.isRegularFile(partial)) {
                try {
                    Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.deleteIfExists(partial);
                }
            }
        } catch (IOException e) {
            // The executor's directory is gone (it ended): nothing to keep.
        }
    }

    /** What the training child runs: it reads, runs, prints and answers as a notebook's task does. */
    private static ProcessTask<Object> trainingTask() {
        return () -> {
            System.out.println("training the class-data archive of child JVMs");
            return List.of("done", 1);
        };
    }
}
