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
    private SpareWarmUp() {}

    static void run() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(NotebookState.capture(null));
                ProcessTask<Integer> task = () -> 1;
                out.writeObject(task);
            }
            Object result;
            try (FilteredInput in = new FilteredInput(new ByteArrayInputStream(bytes.toByteArray()),
                    SerialFilter.forNotebook("a spare child's warm-up"))) {
                ((NotebookState) in.readChecked()).restore();
                result = ((ProcessTask<?>) in.readChecked()).call();
            }
            try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
                out.writeObject(new Outcome.Returned(result));
            }
        } catch (Exception e) {
            // Only a head start: the task itself will meet and report whatever failed here.
        }
    }
}
