package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.processes.ProcessTask;
import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;

/**
 * What a {@link SpareChild} does while it waits: once through a child's own steps on a task of
 * its own (write and read a task file's objects through the filter, link a serialized lambda, run
 * it, write its outcome), so that the classes they need are loaded and initialized before a task
 * comes; a task's first line then waits for none of that.
 */
final class SpareWarmUp {
    /** Whether the real task has come: the warm-up then stops, as the task does the same steps itself. */
    @FunctionalInterface
    interface TaskWaiting {
        boolean now() throws IOException;
    }

    private SpareWarmUp() {}

    static void run(TaskWaiting taskWaiting) {
        try {
            if (taskWaiting.now()) {
                return;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(NotebookState.capture(null));
                ProcessTask<Integer> task = () -> 1;
                out.writeObject(task);
            }
            if (taskWaiting.now()) {
                return;
            }
            Object result;
            try (FilteredInput in = new FilteredInput(new ByteArrayInputStream(bytes.toByteArray()),
                    SerialFilter.forNotebook("a spare child's warm-up"))) {
                ((NotebookState) in.readChecked()).restore();
                if (taskWaiting.now()) {
                    return;
                }
                result = ((ProcessTask<?>) in.readChecked()).call();
            }
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
