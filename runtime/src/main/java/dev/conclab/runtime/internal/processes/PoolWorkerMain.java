package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.processes.ProcessFunction;
import dev.conclab.runtime.processes.ProcessTask;
import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.RefusedObjectException;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The entry point of a pool's worker JVM: requests arrive on stdin and answers leave on stdout, as
 * {@link PoolWire} frames; what the tasks print goes to stderr, which the parent streams into the
 * cell that submitted the task. When stdin closes (the pool closed, or the parent died) the worker ends.
 */
public final class PoolWorkerMain {
    private static final String SOURCE = "the pool's parent";

    private final DataOutputStream out;
    private final TaskOutput output;
    /** How many tasks and chunks came before this one: the number the parent knows it by. */
    private int requests;
    /** The function of the map whose chunks come now, or why it could not be read. */
    private ProcessFunction<Object, Object> function;
    private Exception functionUnread;
    /** The bytes {@link #function} was read from: a map of the same function (a loop of maps in a cell) reads none. */
    private byte[] functionBytes;

    private PoolWorkerMain(DataOutputStream out, TaskOutput output) {
        this.out = out;
        this.output = output;
    }

    public static void main(String[] args) throws IOException {
        PrintStream answers = System.out;
        // What tasks print goes to stderr, which the parent streams into the cell line by line.
        TaskOutput output = new TaskOutput(new FileOutputStream(FileDescriptor.err));
        System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(output, true, StandardCharsets.UTF_8));
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        PoolWorkerMain worker = new PoolWorkerMain(new DataOutputStream(new BufferedOutputStream(answers)), output);
        PoolWarmUp.worker();
        while (true) {
            byte kind;
            byte[] bytes;
            try {
                kind = in.readByte();
                bytes = kind == PoolWire.CHUNK ? null : PoolWire.readBytes(in);
            } catch (IOException e) {
                // The parent closed the pool or is gone: a worker has nothing else to live for.
                Runtime.getRuntime().halt(0);
                return;
            }
            switch (kind) {
                case PoolWire.STATE -> worker.restore(bytes);
                case PoolWire.FUNCTION -> worker.readFunction(bytes);
                case PoolWire.TASK -> {
                    worker.begin();
                    worker.run(bytes);
                }
                case PoolWire.CHUNK -> {
                    in.readInt(); // the chunk's first index, which only the parent needs
                    byte[] inputs = PoolWire.readBytes(in);
                    worker.begin();
                    worker.runChunk(inputs);
                }
                default -> {
                    System.err.println("a pool worker got an unknown frame " + kind + " from its parent");
                    Runtime.getRuntime().halt(2);
                }
            }
        }
    }

    /** Like fork at pool creation: the worker starts with the notebook's variables as they were. */
    private void restore(byte[] bytes) {
        try (FilteredInput in = new FilteredInput(new ByteArrayInputStream(bytes), SerialFilter.forNotebook(SOURCE))) {
            ((NotebookState) in.readChecked()).restore();
        } catch (IOException | ClassNotFoundException e) {
            System.err.println(e.getMessage());
            Runtime.getRuntime().halt(2);
        }
    }

    /** Ends the task or chunk with {@code failure}, after what it printed. */
    private void endWithFailure(Outcome.Threw failure) throws IOException {
        boolean printed = taskEnded();
        PoolWire.writeThrew(out, printed, failure);
        out.flush();
    }

    private void readFunction(byte[] bytes) {
        if (function != null && Arrays.equals(bytes, functionBytes)) {
            return;
        }
        functionBytes = bytes;
        try {
            function = MapChunk.readFunction(bytes);
            functionUnread = null;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            // Each chunk of the map fails with the reason; the parent names the chunk's first input.
            function = null;
            functionUnread = e;
        }
    }

    private void run(byte[] bytes) throws IOException {
        ProcessTask<?> task;
        try {
            task = NotebookLambda.task(MapChunk.readFunctionObject(bytes));
        } catch (RefusedObjectException refused) {
            // The parent's task was refused here: it gets the reason as the task's failure, and sends the next.
            endWithFailure(new Outcome.Threw(refused.toString()));
            return;
        } catch (IOException | ClassNotFoundException e) {
            endWithFailure(new Outcome.Threw("the task could not be read in the worker: " + e));
            return;
        }
        Object value;
        try {
            value = task.call();
        } catch (Throwable failure) {
            endWithFailure(Outcome.Threw.of(failure));
            return;
        }
        boolean printed = taskEnded();
        byte[] serialized;
        try {
            serialized = serialized(value);
        } catch (NotSerializableException e) {
            PoolWire.writeThrew(out, printed, new Outcome.Threw("the task's result is not Serializable: " + e.getMessage()));
            out.flush();
            return;
        }
        PoolWire.writeReturned(out, printed, serialized);
        out.flush();
    }

    private void runChunk(byte[] inputs) throws IOException {
        if (function == null) {
            endWithFailure(Outcome.Threw.of(functionUnread));
            return;
        }
        MapChunk.Applied applied;
        try {
            applied = MapChunk.apply(function, inputs);
        } catch (Throwable failure) {
            // The inputs could not be read, or a result cannot travel: the chunk as a whole fails.
            endWithFailure(Outcome.Threw.of(failure));
            return;
        }
        boolean printed = taskEnded();
        PoolWire.writeChunkDone(out, printed, applied.values(), applied.failure() == null ? null : Outcome.Threw.of(applied.failure()));
        out.flush();
    }

    private void begin() {
        output.begin(requests++);
    }

    /** The task's output is all out (and the marker behind it, if it printed); whether it printed. */
    private boolean taskEnded() throws IOException {
        System.out.flush();
        System.err.flush();
        return output.end();
    }

    private static byte[] serialized(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
            objects.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
