package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.processes.ProcessTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The entry point of a child JVM: reads the task file, runs the task, writes the outcome file.
 * It ends by itself within a fraction of a second once its parent has ended, so a killed kernel
 * leaves no child behind.
 */
public final class ChildMain {
    /** The system property that names the parent's pid. */
    public static final String PARENT_PROPERTY = "conclab.parent.pid";
    private static final long PARENT_CHECK_MILLIS = 200;
    /** The last line on stdout and stderr once the outcome file is complete; the parent does not show it. */
    public static final String OUTCOME_WRITTEN = "\u0000conclab-outcome-written";

    private ChildMain() {}

    public static void main(String[] args) throws Exception {
        watchParent(System.getProperty(PARENT_PROPERTY, ""));
        int exitCode;
        if (args.length == 1 && args[0].equals(SpareChild.SPARE_ARGUMENT)) {
            // A task handed over before the warm-up is done would wait for all of it: the warm-up
            // only runs the task's own first steps ahead, so it stops as soon as a task is there.
            SpareWarmUp.run(() -> System.in.available() > 0);
            String[] task = readTaskLine();
            System.setProperty(ChildJvms.CHILD_NAME_PROPERTY, task[0]);
            exitCode = run(Path.of(task[1]), Path.of(task[2]));
        } else {
            exitCode = run(Path.of(args[0]), Path.of(args[1]));
        }
        // The parent returns the result once both streams are drained up to here, without waiting
        // for this JVM's exit (its shutdown takes a good part of a short child's life).
        System.out.println(OUTCOME_WRITTEN);
        System.err.println(OUTCOME_WRITTEN);
        System.out.flush();
        System.err.flush();
        System.exit(exitCode);
    }

    /**
     * The line a {@link SpareChild} is handed: name, task file, outcome file, separated by tabs.
     * Read from {@code System.in} itself, so that whatever follows on stdin is left for the task.
     */
    private static String[] readTaskLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = System.in.read()) != '\n') {
            if (b < 0) {
                Runtime.getRuntime().halt(0); // retired unused: the parent closed our stdin or ended
            }
            line.write(b);
        }
        String[] parts = line.toString(StandardCharsets.UTF_8).split("\t");
        if (parts.length != 3) {
            throw new IllegalStateException("a spare child was handed a malformed task line: " + line);
        }
        return parts;
    }

    /** Runs the task in {@code taskFile} and writes its outcome to {@code outcomeFile}; returns the exit code it calls for. */
    static int run(Path taskFile, Path outcomeFile) throws IOException {
        Object outcome;
        int exitCode;
        try (InputStream in = Files.newInputStream(taskFile)) {
            ProcessTask<?> task = TaskFile.restoreAndRead(in);
            Files.deleteIfExists(taskFile);
            outcome = new Outcome.Returned(task.call());
            exitCode = 0;
        } catch (Throwable failure) {
            outcome = Outcome.Threw.of(failure);
            exitCode = 1;
        }
        write(outcomeFile, outcome);
        return exitCode;
    }

    private static void write(Path file, Object outcome) throws IOException {
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
            out.writeObject(outcome);
        } catch (NotSerializableException e) {
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
                out.writeObject(new Outcome.Threw("the child's result is not Serializable: " + e.getMessage()));
            }
        }
    }

    /**
     * Halts this JVM soon after its parent, process {@code parentPid}, ends (none when empty). It
     * polls rather than blocking on a pipe from the parent: HotSpot's exit waits up to 300 ms for
     * threads blocked in native reads, which made every child take that much longer to end.
     */
    static void watchParent(String parentPid) {
        ProcessHandle parent = isPid(parentPid) ? ProcessHandle.of(Long.parseLong(parentPid)).orElse(null) : null;
        if (parent == null && !parentPid.isEmpty()) {
            Runtime.getRuntime().halt(143); // the parent ended before this JVM started
        }
        Thread watcher = new Thread(() -> {
            try {
                while (parent == null || parent.isAlive()) {
                    Thread.sleep(PARENT_CHECK_MILLIS);
                }
            } catch (InterruptedException e) {
                // Nobody interrupts this thread; end as if the parent had gone.
            }
            Runtime.getRuntime().halt(143);
        }, "conclab-parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Digits only, checked without a regular expression, which would load the regex engine into every child's start. */
    private static boolean isPid(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
