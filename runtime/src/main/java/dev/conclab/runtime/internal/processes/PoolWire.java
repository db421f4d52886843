package dev.conclab.runtime.internal.processes;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The frames between a pool's parent and a worker JVM, over the worker's stdin and stdout: a kind
 * byte, then lengths and bytes. Only what is the notebook's own (the variables, a task, a map's
 * function, values that are not plain) is Java-serialized inside a frame, and read through the
 * deserialization filter; a map's chunk and its results travel as {@link ChunkValues}. The frames
 * used to be objects on object streams: a young worker read every chunk through an
 * ObjectInputStream and the records' constructors, about 200 µs a chunk in the interpreter
 * (docs/benchmarks.md, issue 13 part 4).
 */
final class PoolWire {
    /** Parent to worker: the notebook's variables, once, first. */
    static final byte STATE = 1;
    /** Parent to worker: a task of its own, Java-serialized. */
    static final byte TASK = 2;
    /** Parent to worker: the function of the chunks that follow, Java-serialized; sent once per worker and map. */
    static final byte FUNCTION = 3;
    /** Parent to worker: a map's chunk, its inputs as {@link ChunkValues}. */
    static final byte CHUNK = 4;
    private static final byte RETURNED = 11;
    private static final byte THREW = 12;
    private static final byte CHUNK_DONE = 13;

    private PoolWire() {}

    /** What a worker answers to a task or a chunk; {@code printed} when the task printed (TaskOutput). */
    sealed interface Answer {
        boolean printed();
    }

    /** A task returned: its value, Java-serialized. */
    record Returned(boolean printed, byte[] value) implements Answer {}

    /** A task threw, or a chunk could not run at all (its function could not be read). */
    record Threw(boolean printed, Outcome.Threw threw) implements Answer {}

    /** A chunk ran: the results before its first failure ({@link ChunkValues}), and that failure, or null. */
    record ChunkDone(boolean printed, byte[] values, Outcome.Threw failure) implements Answer {}

    static void writeFrame(DataOutputStream out, byte kind, byte[] bytes) throws IOException {
        out.writeByte(kind);
        writeBytes(out, bytes);
    }

    static void writeChunk(DataOutputStream out, MapChunk chunk) throws IOException {
        out.writeByte(CHUNK);
        out.writeInt(chunk.first());
        writeBytes(out, chunk.inputs());
    }

    static void writeReturned(DataOutputStream out, boolean printed, byte[] value) throws IOException {
        out.writeByte(RETURNED);
        out.writeBoolean(printed);
        writeBytes(out, value);
    }

    static void writeThrew(DataOutputStream out, boolean printed, Outcome.Threw threw) throws IOException {
        out.writeByte(THREW);
        out.writeBoolean(printed);
        writeThrewFields(out, threw);
    }

    static void writeChunkDone(DataOutputStream out, boolean printed, byte[] values, Outcome.Threw failure) throws IOException {
        out.writeByte(CHUNK_DONE);
        out.writeBoolean(printed);
        writeBytes(out, values);
        out.writeBoolean(failure != null);
        if (failure != null) {
            writeThrewFields(out, failure);
        }
    }

    static Answer readAnswer(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        switch (kind) {
            case RETURNED:
                return new Returned(in.readBoolean(), readBytes(in));
            case THREW:
                return new Threw(in.readBoolean(), readThrewFields(in));
            case CHUNK_DONE: {
                boolean printed = in.readBoolean();
                byte[] values = readBytes(in);
                return new ChunkDone(printed, values, in.readBoolean() ? readThrewFields(in) : null);
            }
            default:
                throw new IOException("a pool worker answered with an unknown frame " + kind);
        }
    }

    static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("a pool frame of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static void writeThrewFields(DataOutputStream out, Outcome.Threw threw) throws IOException {
        writeBytes(out, threw.description().getBytes(StandardCharsets.UTF_8));
        writeBytes(out, threw.stackTrace().getBytes(StandardCharsets.UTF_8));
        out.writeBoolean(threw.failure() != null);
        if (threw.failure() != null) {
            writeBytes(out, threw.failure());
        }
    }

    private static Outcome.Threw readThrewFields(DataInputStream in) throws IOException {
        String description = new String(readBytes(in), StandardCharsets.UTF_8);
        String stackTrace = new String(readBytes(in), StandardCharsets.UTF_8);
        byte[] failure = in.readBoolean() ? readBytes(in) : null;
        return new Outcome.Threw(description, stackTrace, failure);
    }
}
