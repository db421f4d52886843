package dev.conclab.runtime.ipc;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A short wait that yields instead of sleeping, before a thread sleeps for real, for what another
 * running process does within microseconds, seen in this JVM's memory: a semaphore's permit in
 * shared memory, the answer to a call of the serving JVM's own thread that another process's
 * request completes ({@link LocalLink}: a pipe's receive, a queue's take). A thread asleep costs a
 * wake-up (a system call, a trip through the scheduler). Yielding, not spinning, so that on a
 * machine with more runnable threads than cores the other process gets the core it needs
 * (measured on 2 cores at load 17: spinning with {@code onSpinWait} 75-430 µs per exchange,
 * yielding 17 µs). Also before a socket is waited for in a selector ({@link
 * FrameReader#pollYielding}: a child's call waiting for its reply, a server's peer thread while its
 * process's requests come close together): each try there is a read that finds nothing, a system
 * call, but cheaper than the wake-up it spares (at load 7, a child's manager-map get took 23-24 µs
 * instead of 46, the pipe's round trip 25 instead of 42-53; docs/benchmarks.md, fifth pass).
 */
final class Spin {
    /**
     * For a semaphore's permit (no system call to see it, so each try is cheap): about three
     * round trips to a young child JVM (50-60 µs each on 2 busy cores). The semaphore took 6.6 µs
     * at 150 µs against 14 µs at 50 (Python 7.5; docs/benchmarks.md, fourth pass).
     */
    static final long PERMIT_NANOS = TimeUnit.MICROSECONDS.toNanos(150);

    /**
     * For a reply that another process's request gives (a pipe's receive, a queue's take in the
     * serving JVM) or that a server sends back (a call from a child): about one round trip on a
     * quiet machine. On 2 cores the thread that answers needs a core too, so a longer spin by both
     * processes costs more than it saves: with the child spinning as well, the pipe took 37 µs
     * at 50 µs against 41 µs at 20, 53 at 150 and 56 at 0 (docs/benchmarks.md, fifth pass).
     */
    static final long REPLY_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private Spin() {}

    /** Yields until {@code done} (true returned), {@code nanos} pass or the thread is interrupted (false). */
    static boolean until(BooleanSupplier done, long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            Thread.yield();
        }
        return true;
    }
}
