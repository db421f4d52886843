package dev.conclab.runtime.timing;

import java.util.Locale;

/** Writes a duration with three significant digits in the unit that reads best: ns, µs, ms or s. */
public final class Durations {
    private Durations() {}

    /** {@code 1234567} nanoseconds reads {@code 1.23 ms}. */
    public static String format(double nanos) {
        double magnitude = Math.abs(nanos);
        if (magnitude >= 1e9) {
            return significant(nanos / 1e9) + " s";
        }
        if (magnitude >= 1e6) {
            return significant(nanos / 1e6) + " ms";
        }
        if (magnitude >= 1e3) {
            return significant(nanos / 1e3) + " µs";
        }
        return significant(nanos) + " ns";
    }

    private static String significant(double value) {
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }
}
