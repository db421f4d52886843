package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.processes.ProcessTask;
import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.RefusedObjectException;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The entry point of a pool's worker JVM: tasks arrive on stdin and outcomes leave on stdout, as
 * serialized objects; what the tasks print goes to stderr, which the parent streams into the cell
 * that submitted the task. When stdin closes (the pool closed, or the parent died) the worker ends.
 */
public final class PoolWorkerMain {
    /** Written to stderr after each task, so the parent shows a task's output before its result. */
    public static final String TASK_DONE = "\u0000conclab-task-done";

    private PoolWorkerMain() {}

    public static void main(String[] args) throws IOException {
        PrintStream outcomes = System.out;
        // What tasks print goes to stderr, which the parent streams into the cell line by line.
        System.setOut(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8));
        ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(outcomes));
        out.flush();
        FilteredInput in;
        try {
            in = new FilteredInput(new BufferedInputStream(System.in), SerialFilter.forNotebook("the pool's parent"));
        } catch (IOException e) {
            return;
        }
        try {
            ((NotebookState) in.readChecked()).restore();
        } catch (ClassNotFoundException | RefusedObjectException e) {
            System.err.println(e.getMessage());
            Runtime.getRuntime().halt(2);
        }
        MapChunk.LastFunction lastFunction = new MapChunk.LastFunction();
        while (true) {
            byte[] bytes;
            try {
                // Each task arrives as the bytes the parent serialized when it was submitted.
                bytes = (byte[]) in.readChecked();
            } catch (IOException | ClassNotFoundException e) {
                // The parent closed the pool or is gone: a worker has nothing else to live for.
                Runtime.getRuntime().halt(0);
                return;
            }
            ProcessTask<?> task;
            try (FilteredInput taskIn = new FilteredInput(new ByteArrayInputStream(bytes), SerialFilter.forNotebook("the pool's parent"))) {
                task = (ProcessTask<?>) taskIn.readChecked();
            } catch (RefusedObjectException refused) {
                // The parent's task was refused here: it gets the reason as the task's failure, and sends the next.
                answer(out, new Outcome.Threw(refused.toString()));
                continue;
            } catch (IOException | ClassNotFoundException e) {
                answer(out, new Outcome.Threw("the task could not be read in the worker: " + e));
                continue;
            }
            Outcome outcome;
            try {
                outcome = new Outcome.Returned(task instanceof MapChunk chunk ? chunk.call(lastFunction) : task.call());
            } catch (Throwable failure) {
                outcome = Outcome.Threw.of(failure);
            }
            answer(out, outcome);
        }
    }

    private static void answer(ObjectOutputStream out, Outcome outcome) throws IOException {
        System.out.flush();
        System.err.println(TASK_DONE);
        System.err.flush();
        try {
            out.writeObject(outcome);
        } catch (NotSerializableException e) {
            out.reset();
            out.writeObject(new Outcome.Threw("the task's result is not Serializable: " + e.getMessage()));
        }
        out.reset();
        out.flush();
    }
}
