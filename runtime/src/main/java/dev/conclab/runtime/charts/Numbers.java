package dev.conclab.runtime.charts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Measured numbers written for people: 812 not 812.0, 1.9 not 1.8999999999999999. */
final class Numbers {
    private Numbers() {}

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        // Past 100 the decimals of a measurement are noise; below, three significant digits tell enough.
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return BigDecimal.valueOf(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** Rejects what a chart cannot draw, naming {@code what} so the user finds the bad number. */
    static double measured(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " is " + value + ", not a finite number");
        }
        if (value < 0) {
            throw new IllegalArgumentException(what + " is " + format(value)
                    + ", but the value axis of a chart starts at 0: values must not be negative");
        }
        return value;
    }
}
