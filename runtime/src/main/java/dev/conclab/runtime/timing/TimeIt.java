package dev.conclab.runtime.timing;

import dev.conclab.runtime.threads.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Times a small piece of code the way IPython's {@code %timeit} does, with the JIT warmed first:
 * it finds a number of loops that takes at least 0.2 s (those first runs also let the JIT compile
 * the code), then times 7 runs of that many loops and reports the mean and spread per loop.
 * {@code %timeit expression} in a cell calls this.
 */
public final class TimeIt {
    static final long TARGET_NANOS = 200_000_000L;
    static final int RUNS = 7;

    private TimeIt() {}

    /** Times {@code code}; the result prints as {@code 1.23 ms ± 45.6 µs per loop (...)}. */
    public static TimeItResult measure(Task code) throws Exception {
        long loops = 1;
        int warmUpRuns = 0;
        while (true) {
            long took = timeLoops(code, loops);
            warmUpRuns++;
            if (took >= TARGET_NANOS || loops >= 1_000_000_000L) {
                break;
            }
            loops = nextLoops(loops);
        }
        List<Double> perLoop = new ArrayList<>(RUNS);
        for (int run = 0; run < RUNS; run++) {
            perLoop.add(timeLoops(code, loops) / (double) loops);
        }
        return TimeItResult.of(perLoop, loops, warmUpRuns);
    }

    /** Keeps a value alive so that the JIT cannot drop the code that computed it. */
    public static void keep(Object value) {
        if (value != null && System.identityHashCode(value) == System.nanoTime()) {
            System.out.print("");
        }
    }

    private static long timeLoops(Task code, long loops) throws Exception {
        long start = System.nanoTime();
        for (long i = 0; i < loops; i++) {
            code.run();
        }
        return System.nanoTime() - start;
    }

    /** 1, 2, 5, 10, 20, 50, ... as IPython's autorange. */
    static long nextLoops(long loops) {
        String digits = Long.toString(loops);
        return digits.charAt(0) == '2' ? loops / 2 * 5 : loops * 2;
    }
}
