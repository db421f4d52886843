package dev.conclab.executor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The time the warm-up's steps took since {@link #start}, and the share of it that its thread ran:
 * the rest it waited for a core that other work held. Only the steps count, not the waits for a
 * cell's turn between them.
 */
final class StepTime {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long wallNanos;
    private long cpuNanos;

    void start() {
        wallNanos = 0;
        cpuNanos = 0;
    }

    void measure(Runnable step) {
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        try {
            step.run();
        } finally {
            wallNanos += System.nanoTime() - wall;
            cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
        }
    }

    /** The share of the steps' time that the thread ran; 1 when nothing was measured or the JVM cannot tell. */
    double ranShare() {
        if (wallNanos <= 0 || !threads.isCurrentThreadCpuTimeSupported()) {
            return 1;
        }
        return (double) cpuNanos / wallNanos;
    }
}
