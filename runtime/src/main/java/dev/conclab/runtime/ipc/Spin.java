package dev.conclab.runtime.ipc;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A short wait that yields instead of sleeping, before a thread sleeps for real, for what another
 * running process does within microseconds: a semaphore's permit in shared memory, the next frame
 * of a conversation on a socket ({@link FrameReader#readSoon}), the answer to a call this JVM's
 * own thread made and another process's request completes ({@link LocalLink}). A thread asleep
 * costs a wake-up (a system call, a trip through the scheduler) on both sides. Yielding, not
 * spinning, so that on a machine with more runnable threads than cores the other process gets the
 * core it needs (measured on 2 cores at load 17: spinning with {@code onSpinWait} 75-430 µs per
 * exchange, yielding 17 µs).
 */
final class Spin {
    /** About two round trips to another running process. */
    static final long NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private Spin() {}

    /** Yields until {@code done} (true returned), {@link #NANOS} pass or the thread is interrupted (false). */
    static boolean until(BooleanSupplier done) {
        long deadline = System.nanoTime() + NANOS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            Thread.yield();
        }
        return true;
    }
}
