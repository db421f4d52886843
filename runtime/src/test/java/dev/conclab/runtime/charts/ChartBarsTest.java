package dev.conclab.runtime.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class ChartBarsTest {
    private final BarChart chart = Chart.bars("Time for 4 CPU-bound jobs", "ms").bar("1 thread", 812).bar("4 threads", 230);

    @Test
    void drawsOneBarPerMeasurementWithItsLabelAndValue() throws Exception {
        ParsedSvg svg = ParsedSvg.parse(chart.svg());
        assertEquals(2, svg.elements("rect", "bar").size());
        assertEquals(List.of("1 thread", "4 threads"), svg.texts("text", "label"));
        assertEquals(List.of("812", "230"), svg.texts("text", "value"));
        assertEquals(List.of("1 thread: 812 ms", "4 threads: 230 ms"), svg.texts("rect", "bar"));
        assertEquals(List.of("Time for 4 CPU-bound jobs"), svg.texts("text", "title"));
        assertEquals(List.of("ms"), svg.texts("text", "axis-name"));
        assertEquals(List.of("0", "200", "400", "600", "800", "1000"), svg.texts("text", "y-tick"));
    }

    @Test
    void barHeightsAreInProportionToTheirValues() throws Exception {
        List<Element> bars = ParsedSvg.parse(chart.svg()).elements("rect", "bar");
        double first = Double.parseDouble(bars.get(0).getAttribute("height"));
        double second = Double.parseDouble(bars.get(1).getAttribute("height"));
        assertEquals(812.0 / 230, first / second, 0.01);
    }

    @Test
    void isImmutable() {
        BarChart empty = Chart.bars("t", "");
        BarChart one = empty.bar("a", 1);
        assertEquals(0, empty.bars().size());
        assertEquals(1, one.bars().size());
        assertThrows(UnsupportedOperationException.class, () -> one.bars().add(new BarChart.Bar("b", 2)));
    }

    @Test
    void escapesMarkupInEveryText() throws Exception {
        BarChart tricky = Chart.bars("<b>A & B</b>", "\"ms\"").bar("x < y & 'z'\u0001", 1);
        ParsedSvg svg = ParsedSvg.parse(tricky.svg());
        assertEquals(List.of("<b>A & B</b>"), svg.texts("text", "title"));
        assertEquals(List.of("x < y & 'z'"), svg.texts("text", "label"));
        assertEquals(List.of("\"ms\""), svg.texts("text", "axis-name"));
    }

    @Test
    void cutsALongLabelShortUnderItsBarButKeepsItWholeInTheTooltip() throws Exception {
        String longLabel = "a label far too long to fit under one of many bars";
        BarChart many = Chart.bars("", "").bar(longLabel, 1).bar("b", 2).bar("c", 3).bar("d", 4).bar("e", 5);
        ParsedSvg svg = ParsedSvg.parse(many.svg());
        String shown = svg.texts("text", "label").get(0);
        assertTrue(shown.endsWith("…") && shown.length() < 15, shown);
        assertEquals(longLabel + ": 1", svg.texts("rect", "bar").get(0));
    }

    @Test
    void anEmptyChartIsStillAnImageSoItCanBeShownBeforeTheFirstResult() throws Exception {
        ParsedSvg svg = ParsedSvg.parse(Chart.bars("Waiting", "ms").svg());
        assertEquals(0, svg.elements("rect", "bar").size());
        assertEquals("Waiting (ms)\n  (no bars yet)", Chart.bars("Waiting", "ms").text());
    }

    @Test
    void theTextFallbackListsTheNumbers() {
        assertEquals("Time for 4 CPU-bound jobs (ms)\n  1 thread   812\n  4 threads  230", chart.text());
        var bundle = chart.toMimeBundle().data();
        assertEquals(chart.text(), bundle.get("text/plain"));
        assertTrue(bundle.get("image/svg+xml").startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    }

    @Test
    void rejectsValuesItCannotDrawSayingWhich() {
        BarChart bars = Chart.bars("t", "ms");
        assertEquals("The value of bar \"slow\" is NaN, not a finite number",
                assertThrows(IllegalArgumentException.class, () -> bars.bar("slow", Double.NaN)).getMessage());
        assertEquals("The value of bar \"fast\" is Infinity, not a finite number",
                assertThrows(IllegalArgumentException.class, () -> bars.bar("fast", Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("The value of bar \"odd\" is -3, but the value axis of a chart starts at 0: values must not be negative",
                assertThrows(IllegalArgumentException.class, () -> bars.bar("odd", -3)).getMessage());
        assertThrows(NullPointerException.class, () -> bars.bar(null, 1));
    }
}
