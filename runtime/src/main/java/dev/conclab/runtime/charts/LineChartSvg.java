package dev.conclab.runtime.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Draws a {@link LineChart}: a value axis from 0, an x axis over the measured range, a legend for several series. */
final class LineChartSvg {
    private static final int PLOT_WIDTH = 480;
    private static final int PLOT_HEIGHT = 260;
    private static final int LEGEND_ROW = 20;

    private LineChartSvg() {}

    static String render(LineChart chart) {
        List<LineChart.Point> all = chart.series().stream().flatMap(s -> s.points().stream()).toList();
        Axis yAxis = Axis.covering(0, all.stream().mapToDouble(LineChart.Point::y).max().orElse(0), false);
        boolean wholeXs = all.stream().allMatch(p -> p.x() == Math.rint(p.x()));
        Axis xAxis = Axis.covering(all.stream().mapToDouble(LineChart.Point::x).min().orElse(0),
                all.stream().mapToDouble(LineChart.Point::x).max().orElse(1), wholeXs);
        int left = SvgWriter.leftMargin(yAxis);
        int width = SvgWriter.width(left + PLOT_WIDTH + 30, chart.title());
        List<List<Integer>> legendRows = chart.series().size() > 1 ? legendRows(chart, width - 40) : List.of();
        int top = 44 + legendRows.size() * LEGEND_ROW + (legendRows.isEmpty() ? 0 : 8);
        int bottom = top + PLOT_HEIGHT;
        SvgWriter svg = new SvgWriter(width, bottom + 46);
        svg.title(chart.title(), width);
        legend(svg, chart, legendRows);
        svg.valueAxis(yAxis, chart.yName(), left, top, PLOT_WIDTH, PLOT_HEIGHT);
        for (double tick : xAxis.ticks()) {
            double x = left + xAxis.fraction(tick) * PLOT_WIDTH;
            svg.add("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\"/>", x, bottom, x, bottom + 4);
            svg.add("<text class=\"x-tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>",
                    x, bottom + 17, xAxis.label(tick));
        }
        svg.add("<text class=\"axis-name\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                left + PLOT_WIDTH / 2, bottom + 36, SvgWriter.escape(chart.xName()));
        if (chart.series().isEmpty()) {
            svg.add("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">no series yet</text>",
                    left + PLOT_WIDTH / 2, top + PLOT_HEIGHT / 2);
        }
        for (int i = 0; i < chart.series().size(); i++) {
            LineChart.Series series = chart.series().get(i);
            String colour = colour(i);
            svg.add("<polyline class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>", colour,
                    series.points().stream().map(p -> String.format(java.util.Locale.ROOT, "%.1f,%.1f",
                            left + xAxis.fraction(p.x()) * PLOT_WIDTH, bottom - yAxis.fraction(p.y()) * PLOT_HEIGHT))
                            .collect(Collectors.joining(" ")));
            for (LineChart.Point p : series.points()) {
                svg.add("<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s: %s %s, %s %s</title></circle>",
                        left + xAxis.fraction(p.x()) * PLOT_WIDTH, bottom - yAxis.fraction(p.y()) * PLOT_HEIGHT, colour,
                        SvgWriter.escape(series.name()), SvgWriter.escape(chart.xName()), Numbers.format(p.x()),
                        SvgWriter.escape(chart.yName()), Numbers.format(p.y()));
            }
        }
        return svg.finish();
    }

    /** Colours repeat after ten series; by then the legend is what tells lines apart anyway. */
    private static String colour(int series) {
        return SvgWriter.COLOURS.get(series % SvgWriter.COLOURS.size());
    }

    private static int itemWidth(String name) {
        return 34 + name.length() * SvgWriter.CHAR_WIDTH;
    }

    /** The series' indexes, in rows that fit the width, so that a long legend wraps instead of running off. */
    private static List<List<Integer>> legendRows(LineChart chart, int width) {
        List<List<Integer>> rows = new ArrayList<>();
        int used = width;
        for (int i = 0; i < chart.series().size(); i++) {
            int item = itemWidth(chart.series().get(i).name());
            if (used + item > width) {
                rows.add(new ArrayList<>());
                used = 0;
            }
            rows.get(rows.size() - 1).add(i);
            used += item;
        }
        return rows;
    }

    private static void legend(SvgWriter svg, LineChart chart, List<List<Integer>> rows) {
        for (int row = 0; row < rows.size(); row++) {
            int y = 44 + row * LEGEND_ROW;
            int x = 20;
            for (int i : rows.get(row)) {
                String name = chart.series().get(i).name();
                svg.add("<g class=\"legend\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text></g>", x, y - 4, x + 20, y - 4, colour(i), x + 26, y, SvgWriter.escape(name));
                x += itemWidth(name);
            }
        }
    }
}
