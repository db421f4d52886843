package dev.conclab.runtime.internal.threads;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one {@code close} of both pools, written as the JDK's {@code ExecutorService.close} (JDK 19+)
 * is, since the runtime also runs on JDK 17, where that method does not exist yet.
 */
public final class PoolClosing {
    private PoolClosing() {}

    /** Finishes what was submitted, then stops; interrupted, stops at once ({@code shutdownNow}) and keeps the interrupt. */
    public static void close(ExecutorService pool) {
        boolean interrupted = false;
        pool.shutdown();
        while (!pool.isTerminated()) {
            try {
                pool.awaitTermination(1, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                if (!interrupted) {
                    pool.shutdownNow();
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
