package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.processes.ProcessTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@link SpareChild} does while it waits: once through a child's own steps on a task of
 * its own (write and read a task file, restore a plain and a serialized variable, link a lambda
 * as a notebook's is linked, run it, its string concatenation and a line printed included, write
 * its outcome), so that the classes they need are loaded and initialized and their first-time
 * links made before a task comes; a task's first line then waits for none of that.
 */
final class SpareWarmUp {
    /** Whether the real task has come: the warm-up then stops, as the task does the same steps itself. */
    @FunctionalInterface
    interface TaskWaiting {
        boolean now() throws IOException;
    }

    /** The warm-up's own "variables", which its task file restores as a notebook's are. */
    static final class Held {
        static Integer count;
        static List<String> names;

        private Held() {}
    }

    private SpareWarmUp() {}

    static void run(TaskWaiting taskWaiting) {
        try {
            if (taskWaiting.now()) {
                return;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            NotebookState state = NotebookState.of(Held.class, Map.of("count", 1, "names", new ArrayList<>(List.of("one"))));
            long offset = 1;
            // As a lesson's first line: a string made of text and a number, which links the JDK's concatenation once.
            ProcessTask<String> task = () -> "first " + (System.currentTimeMillis() + offset) + " " + Held.names;
            TaskFile.write(bytes, state, task);
            if (taskWaiting.now()) {
                return;
            }
            ProcessTask<?> read = TaskFile.restoreAndRead(new ByteArrayInputStream(bytes.toByteArray()));
            if (taskWaiting.now()) {
                return;
            }
            Object result = read.call();
            // The path of a first println, to nowhere: stdout itself stays the task's.
            new PrintStream(OutputStream.nullOutputStream(), true, java.nio.charset.Charset.defaultCharset()).println(result);
            if (taskWaiting.now()) {
                return;
            }
            try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
                out.writeObject(new Outcome.Returned(result));
            }
        } catch (Exception e) {
            // Only a head start: the task itself will meet and report whatever failed here.
        }
    }
}
