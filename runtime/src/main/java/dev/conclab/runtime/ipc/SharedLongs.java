package dev.conclab.runtime.ipc;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An array of longs in shared memory (a memory-mapped file), readable and writable by the
 * notebook and every child process it hands this object to, like Python's
 * {@code multiprocessing.Array('q', n)}. {@code get} then {@code set} is a read-modify-write
 * that races; {@code incrementAndGet} and {@code addAndGet} are atomic across processes.
 */
public final class SharedLongs implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final String file;
    private final int length;
    private transient MappedByteBuffer memory;

    private SharedLongs(String file, int length) {
        this.file = file;
        this.length = length;
    }

    /** A new shared array of {@code length} zeros. */
    public static SharedLongs create(int length) {
        try {
            Path file = Files.createTempFile("conclab-shared-", ".longs");
            file.toFile().deleteOnExit();
            Files.write(file, new byte[Math.multiplyExact(length, Long.BYTES)]);
            return new SharedLongs(file.toString(), length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create shared memory", e);
        }
    }

    public int length() {
        return length;
    }

    public long get(int index) {
        return (long) LONGS.getVolatile(memory(), offset(index));
    }

    public void set(int index, long value) {
        LONGS.setVolatile(memory(), offset(index), value);
    }

    /** Adds one, atomically across threads and processes, and returns the new value. */
    public long incrementAndGet(int index) {
        return addAndGet(index, 1);
    }

    /** Adds {@code delta}, atomically across threads and processes, and returns the new value. */
    public long addAndGet(int index, long delta) {
        return (long) LONGS.getAndAdd(memory(), offset(index), delta) + delta;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("SharedLongs[");
        for (int i = 0; i < length; i++) {
            out.append(i == 0 ? "" : ", ").append(get(i));
        }
        return out.append(']').toString();
    }

    private int offset(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " of a shared array of " + length);
        }
        return index * Long.BYTES;
    }

    /** Maps the file on first use: in the parent, and in each child after it receives this object. */
    private synchronized MappedByteBuffer memory() {
        if (memory == null) {
            try (FileChannel channel = FileChannel.open(Path.of(file), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) length * Long.BYTES);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot map shared memory " + file, e);
            }
        }
        return memory;
    }
}
