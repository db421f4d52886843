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
 * yielding 17 µs). Not used before socket reads: each try there is a system call, and yielding
 * there did not measurably help the queue.
 */
final class Spin {
    /**
     * About three round trips to a young child JVM (50-60 µs each on 2 busy cores): at 50 µs the
     * answer often came just after the thread had gone to sleep. Interleaved on a busy machine,
     * the pipe's round trip took 53 µs at 150 µs against 61-62 µs at 50 µs in two runs (57 against
     * 60 µs the other way in a third), the semaphore's 6.6 against 14 µs (docs/benchmarks.md,
     * fourth pass).
     */
    static final long NANOS = TimeUnit.MICROSECONDS.toNanos(150);

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
