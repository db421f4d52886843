package dev.conclab.runtime.charts;

import java.util.List;

/** Draws a {@link BarChart}: bars standing on a value axis that starts at 0, labels below, values on top. */
final class BarChartSvg {
    private static final int TOP = 48;
    private static final int PLOT_HEIGHT = 240;
    private static final int SLOT_WIDTH = 80;
    private static final int MIN_PLOT_WIDTH = 360;
    private static final int MAX_BAR_WIDTH = 64;

    private BarChartSvg() {}

    static String render(BarChart chart) {
        List<BarChart.Bar> bars = chart.bars();
        Axis axis = Axis.covering(0, bars.stream().mapToDouble(BarChart.Bar::value).max().orElse(0), false);
        int left = SvgWriter.leftMargin(axis);
        int plotWidth = Math.max(MIN_PLOT_WIDTH, bars.size() * SLOT_WIDTH);
        int width = SvgWriter.width(left + plotWidth + 20, chart.title());
        int bottom = TOP + PLOT_HEIGHT;
        SvgWriter svg = new SvgWriter(width, bottom + 32);
        svg.title(chart.title(), width);
        svg.valueAxis(axis, chart.unit(), left, TOP, plotWidth, PLOT_HEIGHT);
        if (bars.isEmpty()) {
            svg.add("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">no bars yet</text>",
                    left + plotWidth / 2, TOP + PLOT_HEIGHT / 2);
        }
        double slot = (double) plotWidth / Math.max(1, bars.size());
        double barWidth = Math.min(MAX_BAR_WIDTH, slot * 0.7);
        String unit = chart.unit().isBlank() ? "" : " " + SvgWriter.escape(chart.unit());
        for (int i = 0; i < bars.size(); i++) {
            BarChart.Bar bar = bars.get(i);
            double middle = left + slot * (i + 0.5);
            double height = axis.fraction(bar.value()) * PLOT_HEIGHT;
            String label = SvgWriter.escape(bar.label());
            String value = Numbers.format(bar.value());
            // The title shows the whole label and the unit on hover, even when the label below is cut short.
            svg.add("<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %s%s</title></rect>",
                    middle - barWidth / 2, bottom - height, barWidth, height, SvgWriter.COLOURS.get(0), label, value, unit);
            svg.add("<text class=\"value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", middle, bottom - height - 5, value);
            svg.add("<text class=\"label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    middle, bottom + 18, SvgWriter.escape(shortened(bar.label(), slot)));
        }
        return svg.finish();
    }

    /** A label that fits under its bar, else cut with an ellipsis so neighbours do not overlap. */
    private static String shortened(String label, double slot) {
        int fits = Math.max(3, (int) (slot / SvgWriter.CHAR_WIDTH) - 1);
        return label.length() <= fits ? label : label.substring(0, fits - 1) + "…";
    }
}
