package dev.conclab.runtime.ipc;

import java.io.Serializable;

/**
 * One long in shared memory, like Python's {@code multiprocessing.Value('q', 0)}: the counter of the
 * classic lost-update experiment across processes.
 */
public final class SharedCounter implements Serializable {
    private static final long serialVersionUID = 1L;
    private final SharedLongs value;

    private SharedCounter(SharedLongs value) {
        this.value = value;
    }

    /** A new counter at zero. */
    public static SharedCounter create() {
        return new SharedCounter(SharedLongs.create(1));
    }

    public long get() {
        return value.get(0);
    }

    public void set(long newValue) {
        value.set(0, newValue);
    }

    /** Adds one atomically, across threads and processes. */
    public long incrementAndGet() {
        return value.incrementAndGet(0);
    }

    @Override
    public String toString() {
        return Long.toString(get());
    }
}
