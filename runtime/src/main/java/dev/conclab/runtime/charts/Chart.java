package dev.conclab.runtime.charts;

import dev.conclab.runtime.display.Display;
import dev.conclab.runtime.display.DisplayHandle;
import dev.conclab.runtime.display.MimeBundle;
import dev.conclab.runtime.display.RichDisplay;
import dev.conclab.runtime.display.SvgImage;
import java.util.List;

/**
 * A bar or line chart of measured numbers, drawn as SVG with the numbers as plain text beside it, so
 * it shows in JupyterLab, on GitHub and in exported HTML. Charts are immutable: each {@code bar} or
 * {@code series} returns a new chart.
 *
 * <pre>{@code
 * Chart.bars("Time for 4 CPU-bound jobs", "ms").bar("1 thread", 812).bar("4 threads", 230).show();
 * Chart.lines("Speed-up against workers", "workers", "speed-up")
 *      .series("threads", List.of(1, 2, 4), List.of(1.0, 1.9, 2.0))
 *      .series("processes", List.of(1, 2, 4), List.of(1.0, 1.8, 1.9))
 * }</pre>
 */
public sealed interface Chart extends RichDisplay permits BarChart, LineChart {

    /** A bar chart with no bars yet; {@code unit} names the value axis ("ms"), or is empty. */
    static BarChart bars(String title, String unit) {
        return new BarChart(title, unit, List.of());
    }

    /** A line chart with no series yet, {@code xName} along the bottom and {@code yName} up the side. */
    static LineChart lines(String title, String xName, String yName) {
        return new LineChart(title, xName, yName, List.of());
    }

    /** The chart as an SVG document. */
    String svg();

    /** The numbers as plain text, for front ends that show no images. */
    String text();

    /** Shows the chart in the cell; the handle replaces it in place, for a chart that grows as results come in. */
    default DisplayHandle show() {
        return Display.display(this);
    }

    @Override
    default MimeBundle toMimeBundle() {
        return SvgImage.bundle(svg(), text());
    }
}
