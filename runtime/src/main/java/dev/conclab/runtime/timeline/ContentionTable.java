package dev.conclab.runtime.timeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The summary under a timeline: per lock and kind of wait, how long threads waited and who held it. */
final class ContentionTable {
    private static final int MAX_LINES = 8;

    private ContentionTable() {}

    private static final class Row {
        final String lock;
        final BlockedSpan.Kind kind;
        long waits;
        long totalNanos;
        long maxNanos;
        final Set<String> waiters = new LinkedHashSet<>();
        final Set<String> holders = new LinkedHashSet<>();

        Row(String lock, BlockedSpan.Kind kind) {
            this.lock = lock;
            this.kind = kind;
        }
    }

    static String html(List<BlockedSpan> spans) {
        StringBuilder html = new StringBuilder("<table class=\"conclab-contention\">\n<tr><th>lock</th><th>wait</th>"
                + "<th>waits</th><th>total ms</th><th>max ms</th><th>waiting threads</th><th>held by (or notified by)</th></tr>\n");
        for (Row row : rows(spans)) {
            html.append(String.format(Locale.ROOT, "<tr><td><code>%s</code></td><td>%s</td><td>%d</td><td>%.2f</td><td>%.2f</td>"
                            + "<td>%s</td><td>%s</td></tr>%n", escape(row.lock), escape(row.kind.verb()), row.waits,
                    row.totalNanos / 1e6, row.maxNanos / 1e6, escape(String.join(", ", row.waiters)), escape(holders(row))));
        }
        if (spans.isEmpty()) {
            html.append("<tr><td colspan=\"7\">no thread of the notebook blocked or waited</td></tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    static String text(List<BlockedSpan> spans) {
        StringBuilder text = new StringBuilder();
        for (Row row : rows(spans)) {
            text.append(String.format(Locale.ROOT, "%s %s: %d waits, %.2f ms in all, longest %.2f ms, by %s; held by %s%n",
                    row.kind.verb(), row.lock, row.waits, row.totalNanos / 1e6, row.maxNanos / 1e6,
                    String.join(", ", row.waiters), holders(row)));
        }
        return text.length() == 0 ? "no thread of the notebook blocked or waited" : text.toString().strip();
    }

    /** At most {@code MAX_LINES} lines for the table drawn under the timeline, the longest total waits first. */
    static List<String> lines(List<BlockedSpan> spans) {
        List<String> lines = new ArrayList<>();
        List<Row> rows = rows(spans);
        for (Row row : rows.subList(0, Math.min(rows.size(), MAX_LINES))) {
            lines.add(String.format(Locale.ROOT, "%s %s: %d waits, %.2f ms in all, longest %.2f ms; %s; held by %s",
                    row.kind.verb(), row.lock, row.waits, row.totalNanos / 1e6, row.maxNanos / 1e6,
                    String.join(", ", row.waiters), holders(row)));
        }
        if (rows.size() > MAX_LINES) {
            lines.add((rows.size() - MAX_LINES) + " more locks: see timeline.contention()");
        }
        return lines;
    }

    private static String holders(Row row) {
        if (!row.holders.isEmpty()) {
            return String.join(", ", row.holders);
        }
        return row.kind == BlockedSpan.Kind.PARK ? "not seen (parks under ~1 ms, or no owner)" : "-";
    }

    private static List<Row> rows(List<BlockedSpan> spans) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (BlockedSpan span : spans) {
            Row row = rows.computeIfAbsent(span.kind() + " " + span.lock(), key -> new Row(span.lock(), span.kind()));
            row.waits++;
            row.totalNanos += span.nanos();
            row.maxNanos = Math.max(row.maxNanos, span.nanos());
            row.waiters.add(span.thread());
            if (span.holder() != null) {
                row.holders.add(span.holder());
            }
        }
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort((a, b) -> Long.compare(b.totalNanos, a.totalNanos));
        return sorted;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
