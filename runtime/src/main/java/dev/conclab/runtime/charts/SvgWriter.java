package dev.conclab.runtime.charts;

import java.util.List;
import java.util.Locale;

/** Writes the SVG that both kinds of chart share: the frame, the title, the value axis, escaped text. */
final class SvgWriter {
    /** Tableau 10: distinct hues that stay distinct for most colour-blind readers. */
    static final List<String> COLOURS = List.of("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");
    /** Without measuring fonts, 7 px per character of 12 px sans-serif is close enough to lay text out. */
    static final int CHAR_WIDTH = 7;
    static final int TITLE_Y = 24;

    private final StringBuilder svg = new StringBuilder();

    SvgWriter(int width, int height) {
        // width and height let viewers without CSS (GitHub, nbconvert's <img>) size it; viewBox lets it scale.
        add("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">", width, height, width, height);
        add("<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>");
    }

    /** One element; numbers are formatted with {@code Locale.ROOT}, as SVG wants "1.5", never "1,5". */
    SvgWriter add(String format, Object... args) {
        svg.append(String.format(Locale.ROOT, format, args)).append('\n');
        return this;
    }

    void title(String title, int width) {
        if (!title.isBlank()) {
            add("<text class=\"title\" x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">%s</text>",
                    width / 2, TITLE_Y, escape(title));
        }
    }

    /** Gridlines and labelled ticks up the left of the plot, and the axis name turned on its side. */
    void valueAxis(Axis axis, String name, int left, int top, int width, int height) {
        for (double tick : axis.ticks()) {
            double y = top + height - axis.fraction(tick) * height;
            add("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>", left, y, left + width, y);
            add("<text class=\"y-tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%s</text>",
                    left - 6, y + 4, axis.label(tick));
        }
        add("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>", left, top, left, top + height);
        add("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>", left, top + height, left + width, top + height);
        if (!name.isBlank()) {
            int middle = top + height / 2;
            add("<text class=\"axis-name\" x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">%s</text>",
                    middle, middle, escape(name));
        }
    }

    /** Room left of the plot for the value axis's name and its widest tick label. */
    static int leftMargin(Axis axis) {
        int widest = axis.ticks().stream().mapToInt(tick -> axis.label(tick).length()).max().orElse(1);
        return 34 + widest * CHAR_WIDTH;
    }

    /** Wide enough for the title too, which would otherwise be cut off at the edge of the image. */
    static int width(int needed, String title) {
        return Math.max(needed, title.length() * (CHAR_WIDTH + 2) + 20);
    }

    String finish() {
        return svg.append("</svg>\n").toString();
    }

    /** Text as XML character data; characters XML 1.0 cannot hold at all are dropped. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF && (c < 0xD800 || c > 0xDFFF) || c == '\t') {
                        escaped.appendCodePoint(c);
                    } else if (c == '\n' || c == '\r') {
                        escaped.append(' ');
                    }
                }
            }
        });
        return escaped.toString();
    }
}
