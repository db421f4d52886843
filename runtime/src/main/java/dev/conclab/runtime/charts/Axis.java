package dev.conclab.runtime.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An axis from {@code min} to {@code max} with a tick every {@code step}: round numbers a reader can read off.
 * A class, not a record: JShell's completion offers a package's non-public records, and this one is no API.
 */
final class Axis {
    private static final int ROUGHLY_TICKS = 5;
    private final double min;
    private final double max;
    private final double step;

    private Axis(double min, double max, double step) {
        this.min = min;
        this.max = max;
        this.step = step;
    }

    /**
     * The smallest axis of steps 1, 2 or 5 times a power of ten that covers {@code low..high};
     * with {@code wholeSteps} the step is at least 1, so worker counts never get ticks like 1.5.
     */
    static Axis covering(double low, double high, boolean wholeSteps) {
        if (high <= low) {
            // One value, or none: an axis around it, with the value in the middle.
            double pad = low == 0 ? 1 : Math.abs(low) / 2;
            low = low == 0 ? 0 : low - pad;
            high = high + pad;
        }
        double step = niceStep((high - low) / ROUGHLY_TICKS);
        if (wholeSteps) {
            step = Math.max(step, 1);
        }
        // The tolerance keeps 1.0 / 0.2 = 5.000000000000001 from growing the axis by a step.
        double min = Math.floor(low / step + 1e-9) * step;
        double max = Math.ceil(high / step - 1e-9) * step;
        return new Axis(min, max > min ? max : min + step, step);
    }

    private static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double factor : new double[] {1, 2, 5}) {
            if (factor * magnitude >= rough * (1 - 1e-9)) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** The tick values, {@code min} and {@code max} included. */
    List<Double> ticks() {
        // Counting steps instead of adding them up keeps 0.1 + 0.1 + 0.1 from drifting.
        long count = Math.round((max - min) / step);
        List<Double> ticks = new ArrayList<>();
        for (long i = 0; i <= count; i++) {
            ticks.add(min + i * step);
        }
        return ticks;
    }

    /** A tick's label, with as many decimals as the step needs and no more. */
    String label(double tick) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        String label = String.format(Locale.ROOT, "%." + decimals + "f", tick);
        return label.matches("-0(\\.0*)?") ? label.substring(1) : label;
    }

    /** Where {@code value} lies on the axis, from 0 at {@code min} to 1 at {@code max}. */
    double fraction(double value) {
        return (value - min) / (max - min);
    }
}
