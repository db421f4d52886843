package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.processes.ProcessTask;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What a parent hands a child JVM: the notebook's variables its task can read
 * ({@link NotebookState#captureFor}) and the task, as bytes of our own rather than one object
 * stream. A task that is a notebook's lambda travels as a {@link NotebookLambda} (its body's method
 * and captured values, called by reflection) and plain variables as {@link ChunkValues}: a young
 * child spent 2-15 ms linking a lambda the JDK's way ({@code $deserializeLambda$} and the lambda
 * factory, cold) and 0.5 ms or more per variable in an object stream before its task's first
 * statement (docs/benchmarks.md, issue 13 part 4). Anything else the notebook's own still goes
 * through Java serialization and the deserialization filter.
 */
public final class TaskFile {
    /** "CLT1": the file is ours, of this layout. */
    private static final int MAGIC = 0x434c5431;

    private TaskFile() {}

    /**
     * Writes {@code state} and {@code task} to {@code out}.
     *
     * @throws java.io.NotSerializableException when the task captures what cannot travel
     */
    public static void write(OutputStream out, NotebookState state, ProcessTask<?> task) throws IOException {
        byte[] taskBytes = PoolTasks.travelling(task, ProcessTask.class);
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
        data.writeInt(MAGIC);
        state.writeTo(data);
        PoolWire.writeBytes(data, taskBytes);
        data.flush();
    }

    /** Reads a task file from {@code in}, sets the notebook's variables it holds in this JVM, and returns the task, linked. */
    static ProcessTask<?> restoreAndRead(InputStream in) throws IOException, ClassNotFoundException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(in));
        if (data.readInt() != MAGIC) {
            throw new IOException("not a child's task file of this runtime's version");
        }
        NotebookState.readFrom(data).restore();
        return NotebookLambda.task(MapChunk.readFunctionObject(PoolWire.readBytes(data)));
    }
}
