package dev.conclab.runtime.races;

import dev.conclab.runtime.charts.BarChart;
import dev.conclab.runtime.charts.Chart;
import dev.conclab.runtime.display.SvgImage;
import java.util.Locale;
import java.util.Map;

/** Draws a {@link RaceResult}: a bar chart of the counts and a table that marks each outcome. */
final class RaceResultHtml {
    private RaceResultHtml() {}

    static BarChart chart(RaceResult result) {
        BarChart chart = Chart.bars(String.format(Locale.ROOT, "%s (%,d runs)", result.title(), result.runs()), "runs");
        for (Map.Entry<String, Long> entry : result.counts().entrySet()) {
            String mark = result.expectation(entry.getKey()).map(x -> x.kind().name().toLowerCase(Locale.ROOT)).orElse("not expected");
            chart = chart.bar(entry.getKey() + " (" + mark + ")", entry.getValue());
        }
        return chart;
    }

    static String render(RaceResult result) {
        BarChart chart = chart(result);
        StringBuilder html = new StringBuilder("<div class=\"conclab-race\">").append(SvgImage.html(chart.svg(), chart.text()))
                .append("<table><thead><tr><th>Outcome</th><th>Runs</th><th>Share</th><th>Expectation</th><th>Why</th></tr></thead><tbody>");
        for (Map.Entry<String, Long> entry : result.counts().entrySet()) {
            var expectation = result.expectation(entry.getKey());
            String kind = expectation.map(x -> x.kind().name()).orElse("not expected");
            String style = switch (expectation.map(Race.Expectation::kind).orElse(Expect.FORBIDDEN)) {
                case ACCEPTABLE -> "";
                case INTERESTING -> " style=\"background:#fff3c4\"";
                case FORBIDDEN -> entry.getValue() > 0 ? " style=\"background:#ffd0d0\"" : "";
            };
            html.append("<tr").append(style).append("><td><code>").append(escape(entry.getKey())).append("</code></td><td>")
                    .append(String.format(Locale.ROOT, "%,d", entry.getValue())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.4f%%", result.runs() == 0 ? 0 : 100.0 * entry.getValue() / result.runs()))
                    .append("</td><td>").append(kind).append("</td><td>")
                    .append(escape(expectation.map(Race.Expectation::why).orElse(""))).append("</td></tr>");
        }
        return html.append(String.format(Locale.ROOT, "</tbody></table><p>%,d runs in %.1f s: %,.0f runs per second</p></div>",
                result.runs(), result.elapsed().toNanos() / 1e9, result.runsPerSecond())).toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
