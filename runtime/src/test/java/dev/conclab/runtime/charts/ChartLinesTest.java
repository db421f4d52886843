package dev.conclab.runtime.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class ChartLinesTest {
    private final LineChart chart = Chart.lines("Speed-up against workers", "workers", "speed-up")
            .series("threads", List.of(1, 2, 4), List.of(1.0, 1.9, 2.0))
            .series("processes", List.of(1, 2, 4), List.of(1.0, 1.8, 1.9));

    @Test
    void drawsEachSeriesInItsOwnColourWithALegend() throws Exception {
        ParsedSvg svg = ParsedSvg.parse(chart.svg());
        List<Element> lines = svg.elements("polyline", "series");
        assertEquals(2, lines.size());
        assertEquals(3, lines.get(0).getAttribute("points").split(" ").length);
        assertTrue(!lines.get(0).getAttribute("stroke").equals(lines.get(1).getAttribute("stroke")), "distinct colours");
        assertEquals(List.of("threads", "processes"), svg.texts("g", "legend"));
        assertEquals(6, svg.elements("circle", "point").size());
        assertEquals("threads: workers 2, speed-up 1.9", svg.texts("circle", "point").get(1));
    }

    @Test
    void axesHaveRoundTicksAndNames() throws Exception {
        ParsedSvg svg = ParsedSvg.parse(chart.svg());
        assertEquals(List.of("1", "2", "3", "4"), svg.texts("text", "x-tick"), "worker counts get whole ticks");
        assertEquals(List.of("0.0", "0.5", "1.0", "1.5", "2.0"), svg.texts("text", "y-tick"), "the value axis starts at 0");
        assertEquals(new HashSet<>(Arrays.asList("speed-up", "workers")), new HashSet<>(svg.texts("text", "axis-name")));
    }

    @Test
    void oneSeriesNeedsNoLegend() throws Exception {
        LineChart one = Chart.lines("t", "n", "ms").series("only", List.of(3, 1, 2), List.of(30, 10, 20));
        ParsedSvg svg = ParsedSvg.parse(one.svg());
        assertEquals(0, svg.elements("g", "legend").size());
        assertEquals(List.of(1.0, 2.0, 3.0), one.series().get(0).points().stream().map(LineChart.Point::x).toList(),
                "points are kept in order of x, so the line does not zigzag");
    }

    @Test
    void theTextFallbackListsTheNumbers() {
        assertEquals("Speed-up against workers (workers → speed-up)\n"
                + "  threads: 1 → 1, 2 → 1.9, 4 → 2\n"
                + "  processes: 1 → 1, 2 → 1.8, 4 → 1.9", chart.text());
    }

    @Test
    void manySeriesAndAnEmptyChartAreStillWellFormed() throws Exception {
        LineChart many = Chart.lines("<many>", "x & y", "z");
        for (int i = 0; i < 14; i++) {
            many = many.series("series number " + i, List.of(0.5, 1.5), List.of(i, i + 0.25));
        }
        ParsedSvg svg = ParsedSvg.parse(many.svg());
        assertEquals(14, svg.elements("g", "legend").size());
        ParsedSvg.parse(Chart.lines("", "", "").svg());
        assertEquals("(x → y)\n  (no series yet)", Chart.lines("", "x", "y").text());
    }

    @Test
    void rejectsSeriesItCannotDrawSayingWhy() {
        LineChart lines = Chart.lines("t", "workers", "ms");
        assertEquals("Series \"a\" has 2 x values but 1 y values; each x needs its y",
                assertThrows(IllegalArgumentException.class, () -> lines.series("a", List.of(1, 2), List.of(1))).getMessage());
        assertEquals("Series \"a\" has no points",
                assertThrows(IllegalArgumentException.class, () -> lines.series("a", List.of(), List.of())).getMessage());
        assertEquals("y value 1 of series \"a\" is NaN, not a finite number",
                assertThrows(IllegalArgumentException.class, () -> lines.series("a", List.of(1, 2), List.of(1, Double.NaN))).getMessage());
        assertEquals("x value 0 of series \"a\" is Infinity, not a finite number",
                assertThrows(IllegalArgumentException.class,
                        () -> lines.series("a", List.of(Double.POSITIVE_INFINITY), List.of(1))).getMessage());
        assertEquals("y value 0 of series \"a\" is -1, but the value axis of a chart starts at 0: values must not be negative",
                assertThrows(IllegalArgumentException.class, () -> lines.series("a", List.of(1), List.of(-1))).getMessage());
        assertEquals("y value 0 of series \"a\" is null",
                assertThrows(IllegalArgumentException.class, () -> lines.series("a", List.of(1), Arrays.asList((Integer) null))).getMessage());
        assertEquals("Two series are named the same; the legend could not tell them apart: [a, a]",
                assertThrows(IllegalArgumentException.class,
                        () -> lines.series("a", List.of(1), List.of(1)).series("a", List.of(2), List.of(2))).getMessage());
    }
}
