package dev.conclab.runtime.processes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The entry point of a child JVM: reads the task file, runs the task, writes the outcome file.
 * It ends by itself as soon as its parent does (its stdin, a pipe from the parent, closes), so a
 * killed kernel leaves no child behind.
 */
public final class ChildMain {
    private ChildMain() {}

    public static void main(String[] args) throws Exception {
        watchParent(System.in);
        Path taskFile = Path.of(args[0]);
        Path outcomeFile = Path.of(args[1]);
        Object outcome;
        int exitCode;
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(taskFile))) {
            ((NotebookState) in.readObject()).restore();
            ProcessTask<?> task = (ProcessTask<?>) in.readObject();
            outcome = new Outcome.Returned(task.call());
            exitCode = 0;
        } catch (Throwable failure) {
            outcome = new Outcome.Threw(failure.toString(), stackTrace(failure));
            exitCode = 1;
        }
        write(outcomeFile, outcome);
        System.out.flush();
        System.err.flush();
        System.exit(exitCode);
    }

    private static void write(Path file, Object outcome) throws IOException {
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
            out.writeObject(outcome);
        } catch (NotSerializableException e) {
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
                out.writeObject(new Outcome.Threw("the child's result is not Serializable: " + e.getMessage(), ""));
            }
        }
    }

    private static void watchParent(InputStream parentPipe) {
        Thread watcher = new Thread(() -> {
            try {
                while (parentPipe.read() >= 0) {
                    // The parent never writes; reading only waits for the pipe to close.
                }
            } catch (IOException e) {
                // A broken pipe means the same: the parent is gone.
            }
            Runtime.getRuntime().halt(143);
        }, "conclab-parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static String stackTrace(Throwable failure) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        failure.printStackTrace(new PrintStream(text, true, StandardCharsets.UTF_8));
        return text.toString(StandardCharsets.UTF_8);
    }
}
