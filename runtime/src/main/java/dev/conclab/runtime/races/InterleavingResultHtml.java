package dev.conclab.runtime.races;

import java.util.Locale;

/** Draws an {@link InterleavingResult}: one column per thread, one row per step, reads and writes coloured. */
final class InterleavingResultHtml {
    private InterleavingResultHtml() {}

    static String render(InterleavingResult result) {
        StringBuilder html = new StringBuilder("<div class=\"conclab-interleaving\"><p><b>").append(escape(result.title()))
                .append("</b>: ").append(result.violated() ? "<span style=\"color:#b00020\">" + escape(result.violation()) + "</span>"
                        : "no violating schedule found").append("</p>");
        if (result.violated()) {
            int columns = result.threads().size();
            for (Step step : result.steps()) {
                columns = Math.max(columns, step.thread() + 1);
            }
            html.append("<table><thead><tr><th>Step</th>");
            for (int thread = 0; thread < columns; thread++) {
                html.append("<th>").append(escape(result.threadName(thread))).append("</th>");
            }
            html.append("</tr></thead><tbody>");
            int number = 0;
            for (Step step : result.steps()) {
                html.append("<tr><td>").append(++number).append("</td>");
                for (int thread = 0; thread < columns; thread++) {
                    html.append("<td>");
                    if (thread == step.thread()) {
                        html.append(cell(step));
                    }
                    html.append("</td>");
                }
                html.append("</tr>");
            }
            html.append("</tbody></table>");
        }
        return html.append(String.format(Locale.ROOT, "<p>Searched %s in %.1f s. Bounded model checking (Lincheck): a"
                        + " schedule shown is real; finding none proves nothing beyond these bounds.</p></div>",
                escape(result.searched()), result.elapsed().toNanos() / 1e9)).toString();
    }

    private static String cell(Step step) {
        String style = switch (step.kind()) {
            case READ -> "background:#e3f0ff";
            case WRITE -> "background:#ffe9c7";
            case SWITCH -> "color:#888;font-style:italic";
            case CALL, OTHER -> "";
        };
        return "<code style=\"white-space:pre;" + style + "\">" + "  ".repeat(step.depth()) + escape(step.text()) + "</code>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
