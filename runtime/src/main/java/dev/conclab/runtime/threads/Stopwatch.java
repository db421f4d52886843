package dev.conclab.runtime.threads;

import java.time.Duration;

/** Times a block of code, as {@code start = time.time() ... time.time() - start} does in Python. */
public final class Stopwatch {
    private Stopwatch() {}

    /** Runs {@code block}, prints {@code "label: 2.00 s"} and returns how long it took. */
    public static Duration time(String label, Task block) throws Exception {
        Duration took = time(block);
        System.out.printf("%s: %.2f s%n", label, took.toNanos() / 1e9);
        return took;
    }

    /** Runs {@code block} and returns how long it took, printing nothing. */
    public static Duration time(Task block) throws Exception {
        long start = System.nanoTime();
        block.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
