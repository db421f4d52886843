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
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A {@link ProcessSemaphore}'s count in shared memory: a memory-mapped file in the serving JVM's
 * private directory ({@link SocketDirectory}, mode 0700: no other OS user maps it), so that every
 * process holding the semaphore takes and gives a permit with one atomic instruction, as Python's
 * semaphore does with a futex, and asks the server only to sleep. Two words: the free permits, and
 * how many acquirers sleep in the server (a releaser wakes them only when there are some).
 */
final class Permits implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int FREE = 0;
    private static final int SLEEPERS = Long.BYTES;
    private static final int SIZE = 2 * Long.BYTES;

    private final String file;
    private transient volatile MappedByteBuffer memory;

    private Permits(String file) {
        this.file = file;
    }

    /** A new count of {@code free} permits and no sleepers. */
    static Permits create(int free) {
        Path path = SocketDirectory.newPath("semaphore", ".permits");
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(path, new byte[SIZE]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a semaphore's shared memory at " + path, e);
        }
        Permits permits = new Permits(path.toString());
        LONGS.setVolatile(permits.memory(), FREE, (long) free);
        return permits;
    }

    /** Takes a permit if one is free, never waiting. */
    boolean tryTake() {
        MappedByteBuffer words = memory();
        long free;
        do {
            free = (long) LONGS.getVolatile(words, FREE);
            if (free <= 0) {
                return false;
            }
        } while (!LONGS.compareAndSet(words, FREE, free, free - 1));
        return true;
    }

    void give() {
        LONGS.getAndAdd(memory(), FREE, 1L);
    }

    /** How many acquirers sleep in the server now. */
    long sleepers() {
        return (long) LONGS.getVolatile(memory(), SLEEPERS);
    }

    /** Counts sleepers in or out; only the server does, under its lock. */
    void addSleepers(long change) {
        LONGS.getAndAdd(memory(), SLEEPERS, change);
    }

    /** Maps the file on first use: in the serving JVM, and in each process after it receives the semaphore. */
    private MappedByteBuffer memory() {
        MappedByteBuffer mapped = memory;
        if (mapped == null) {
            synchronized (this) {
                if (memory == null) {
                    try (FileChannel channel = FileChannel.open(Path.of(file), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                        memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot reach a semaphore's shared memory at " + file
                                + " (the JVM that made it may have ended): " + e, e);
                    }
                }
                mapped = memory;
            }
        }
        return mapped;
    }
}
