package dev.conclab.runtime.internal.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Wakes whoever waits on a cluster's membership: the engine's membership listener and the exit of
 * a local member call {@link #changed}, so a wait for "three members" or "member-1 gone" ends on
 * the event, not on the next turn of a poll.
 */
public final class MembershipWatch {
    public synchronized void changed() {
        notifyAll();
    }

    /** Waits until {@code condition} holds, at most {@code timeout}; returns whether it holds. */
    public synchronized boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
