package dev.conclab.kernel.output;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the output the kernel publishes below jupyter_server's default iopub limits (1 MB/s and
 * 1,000 messages/s, averaged over a few seconds), so a person never sees "IOPub data rate
 * exceeded". A caller over the rate waits; that wait reaches the code that writes, which slows
 * down instead of losing lines.
 */
final class IopubRate {
    static final double BYTES_PER_SECOND = 800_000;
    static final double MESSAGES_PER_SECOND = 500;
    /** How much may go out at once after a quiet spell: one second's worth. */
    private static final double BURST_SECONDS = 1.0;

    private double byteTokens = BYTES_PER_SECOND * BURST_SECONDS;
    private double messageTokens = MESSAGES_PER_SECOND * BURST_SECONDS;
    private long refilledAt = System.nanoTime();

    /** Waits until one message of {@code bytes} may go out. */
    synchronized void acquire(int bytes) {
        refill();
        double waitBytes = (bytes - byteTokens) / BYTES_PER_SECOND;
        double waitMessages = (1 - messageTokens) / MESSAGES_PER_SECOND;
        double waitSeconds = Math.max(0, Math.max(waitBytes, waitMessages));
        if (waitSeconds > 0) {
            LockSupport.parkNanos((long) (waitSeconds * TimeUnit.SECONDS.toNanos(1)));
            refill();
        }
        byteTokens -= bytes;
        messageTokens -= 1;
    }

    private void refill() {
        long now = System.nanoTime();
        double seconds = (now - refilledAt) / 1e9;
        refilledAt = now;
        byteTokens = Math.min(BYTES_PER_SECOND * BURST_SECONDS, byteTokens + seconds * BYTES_PER_SECOND);
        messageTokens = Math.min(MESSAGES_PER_SECOND * BURST_SECONDS, messageTokens + seconds * MESSAGES_PER_SECOND);
    }
}
