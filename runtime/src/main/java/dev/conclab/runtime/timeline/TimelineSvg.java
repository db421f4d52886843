package dev.conclab.runtime.timeline;

import java.util.List;
import java.util.Locale;

/**
 * Draws lanes as an SVG Gantt chart: one row per thread or process, coloured by activity, with an
 * outlined box for each pool task a worker ran.
 */
final class TimelineSvg {
    private static final int LABEL_WIDTH = 170;
    private static final int CHART_WIDTH = 640;
    private static final int ROW_HEIGHT = 22;
    private static final int TOP = 46;

    private TimelineSvg() {}

    /** {@code locks}: the timeline recorded waits for locks, so the legend names their strips. */
    static String render(List<Lane> lanes, double totalMillis, boolean locks, List<String> waitTable) {
        double span = Math.max(totalMillis, 1);
        int tableTop = TOP + Math.max(1, lanes.size()) * ROW_HEIGHT + 30;
        int height = tableTop + (waitTable.isEmpty() ? 0 : (waitTable.size() + 1) * 16 + 4);
        int width = LABEL_WIDTH + CHART_WIDTH + 20;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        legend(svg, locks);
        for (int row = 0; row < lanes.size(); row++) {
            Lane lane = lanes.get(row);
            int y = TOP + row * ROW_HEIGHT;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LABEL_WIDTH - 8, y + 15, escape(lane.name())));
            for (Lane.Segment segment : lane.segments()) {
                double x = LABEL_WIDTH + segment.fromMillis() / span * CHART_WIDTH;
                double w = Math.max(1, (segment.toMillis() - segment.fromMillis()) / span * CHART_WIDTH);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                                + "<title>%s: %s, %.0f–%.0f ms</title></rect>%n",
                        x, y + 3, w, ROW_HEIGHT - 6, segment.activity().colour(), escape(lane.name()),
                        segment.activity().label(), segment.fromMillis(), segment.toMillis()));
            }
            for (Lane.Wait wait : lane.waits()) {
                // At least 2 px wide, so a wait shorter than a pixel of the chart still shows.
                double x = LABEL_WIDTH + wait.fromMillis() / span * CHART_WIDTH;
                double w = Math.max(2, (wait.toMillis() - wait.fromMillis()) / span * CHART_WIDTH);
                svg.append(String.format(Locale.ROOT, "<g class=\"wait\"><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"5\" "
                                + "fill=\"#b71c1c\" stroke=\"#000\" stroke-width=\"0.5\"/><title>%s</title></g>%n",
                        x, y + ROW_HEIGHT - 7, w, escape(wait.label())));
            }
            for (Lane.Mark mark : lane.marks()) {
                double x = LABEL_WIDTH + mark.fromMillis() / span * CHART_WIDTH;
                double w = Math.max(1, (mark.toMillis() - mark.fromMillis()) / span * CHART_WIDTH);
                svg.append(String.format(Locale.ROOT, "<g><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"none\" "
                                + "stroke=\"#212121\"/><text x=\"%.1f\" y=\"%d\" font-size=\"9\" fill=\"white\">%s</text>"
                                + "<title>%s ran %s, %.0f–%.0f ms</title></g>%n",
                        x, y + 3, w, ROW_HEIGHT - 6, x + 2, y + 14, w > 30 ? escape(mark.label()) : "",
                        escape(lane.name()), escape(mark.label()), mark.fromMillis(), mark.toMillis()));
            }
        }
        axis(svg, span, TOP + lanes.size() * ROW_HEIGHT + 4);
        if (!waitTable.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">Waits for locks "
                    + "(Flight Recorder), per lock:</text>%n", tableTop + 12));
            for (int line = 0; line < waitTable.size(); line++) {
                svg.append(String.format(Locale.ROOT, "<text class=\"wait-table\" x=\"10\" y=\"%d\" font-size=\"11\">%s</text>%n",
                        tableTop + 28 + line * 16, escape(waitTable.get(line))));
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static void legend(StringBuilder svg, boolean locks) {
        int x = LABEL_WIDTH;
        for (Activity activity : Activity.values()) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"10\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"21\">%s</text>%n", x, activity.colour(), x + 16, activity.name().toLowerCase(Locale.ROOT)));
            x += 24 + activity.name().length() * 8;
        }
        if (locks) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"14\" width=\"12\" height=\"5\" fill=\"#b71c1c\"/>"
                    + "<text x=\"%d\" y=\"21\">lock wait (JFR)</text>%n", x, x + 16));
        }
    }

    private static void axis(StringBuilder svg, double span, int y) {
        double step = niceStep(span / 6);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>%n",
                LABEL_WIDTH, y, LABEL_WIDTH + CHART_WIDTH, y));
        for (double t = 0; t <= span + 1e-9; t += step) {
            double x = LABEL_WIDTH + t / span * CHART_WIDTH;
            String label = step >= 1000 ? String.format(Locale.ROOT, "%.0f s", t / 1000)
                    : step >= 100 ? String.format(Locale.ROOT, "%.1f s", t / 1000) : String.format(Locale.ROOT, "%.0f ms", t);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n", x, y, x, y + 4, x, y + 17, label));
        }
    }

    private static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(rough, 1e-3))));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * magnitude >= rough) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
