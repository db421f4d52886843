package dev.conclab.runtime.races;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A wait loop that gives up. An actor that waits for another actor's write (a stop flag) may never
 * see it once the JIT has hoisted the read out of the loop; a spinning thread cannot be interrupted,
 * so the loop itself must end. The condition is called as written, so a non-volatile read in it is
 * exactly as visible as in a hand-written {@code while} loop.
 *
 * <p>A time limit also ends the wait when the writing thread was merely not scheduled (a busy
 * machine, a GC pause); a race that reports {@link Race#STUCK} should count a run as stuck only
 * if the write was made well before the spin gave up (record both times, the write's in a volatile
 * field written after the flag, as notebook 08 does).
 */
public final class BoundedSpin {
    private BoundedSpin() {}

    /** Spins until {@code done} is true (returns true) or {@code limit} has passed (returns false). */
    public static boolean until(BooleanSupplier done, Duration limit) {
        Objects.requireNonNull(done, "done");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the limit of a spin must be positive, not " + limit);
        }
        long deadline = System.nanoTime() + limit.toNanos();
        // The clock is read every 1024 turns only: reading it each turn would slow the loop that
        // the JIT is meant to compile as tightly as the user's own.
        for (long turn = 1; ; turn++) {
            if (done.getAsBoolean()) {
                return true;
            }
            if ((turn & 1023) == 0 && System.nanoTime() - deadline > 0) {
                // One last look: the spinning thread may have been descheduled past the deadline.
                return done.getAsBoolean();
            }
        }
    }
}
