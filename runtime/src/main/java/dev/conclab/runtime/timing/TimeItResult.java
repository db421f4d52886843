package dev.conclab.runtime.timing;

import java.util.List;
import java.util.Locale;

/**
 * What {@link TimeIt} measured: nanoseconds per loop for each run, how many loops each run made,
 * and how many warm-up runs came first.
 */
public record TimeItResult(List<Double> nanosPerLoop, long loopsPerRun, int warmUpRuns) {
    public TimeItResult {
        nanosPerLoop = List.copyOf(nanosPerLoop);
    }

    static TimeItResult of(List<Double> nanosPerLoop, long loopsPerRun, int warmUpRuns) {
        return new TimeItResult(nanosPerLoop, loopsPerRun, warmUpRuns);
    }

    /** The mean time per loop, in nanoseconds. */
    public double mean() {
        return nanosPerLoop.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** The standard deviation of the time per loop over the runs, in nanoseconds. */
    public double standardDeviation() {
        double mean = mean();
        double squares = nanosPerLoop.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return nanosPerLoop.size() < 2 ? 0 : Math.sqrt(squares / (nanosPerLoop.size() - 1));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s ± %s per loop (mean ± std. dev. of %d runs, %,d loop%s each, after %d warm-up run%s)",
                Durations.format(mean()), Durations.format(standardDeviation()), nanosPerLoop.size(), loopsPerRun,
                loopsPerRun == 1 ? "" : "s", warmUpRuns, warmUpRuns == 1 ? "" : "s");
    }
}
