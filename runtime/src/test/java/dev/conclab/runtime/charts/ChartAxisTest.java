package dev.conclab.runtime.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChartAxisTest {
    private static List<String> labels(Axis axis) {
        return axis.ticks().stream().map(axis::label).toList();
    }

    @Test
    void ticksAreRoundNumbersCoveringTheData() {
        assertEquals(List.of("0", "200", "400", "600", "800", "1000"), labels(Axis.covering(0, 812, false)));
        assertEquals(List.of("0.0", "0.5", "1.0", "1.5", "2.0"), labels(Axis.covering(0, 2.0, false)));
        assertEquals(List.of("0", "20", "40", "60", "80", "100"), labels(Axis.covering(0, 100, false)));
        assertEquals(List.of("0.00", "0.02", "0.04", "0.06"), labels(Axis.covering(0, 0.06, false)));
        assertEquals(List.of("0", "1000000", "2000000", "3000000", "4000000"), labels(Axis.covering(0, 3_500_000, false)));
    }

    @Test
    void wholeNumbersGetWholeSteps() {
        assertEquals(List.of("1", "2", "3", "4"), labels(Axis.covering(1, 4, true)));
        assertEquals(List.of("1", "2"), labels(Axis.covering(1, 2, true)));
        assertEquals(List.of("0", "5", "10", "15", "20"), labels(Axis.covering(1, 16, true)));
    }

    @Test
    void anAxisOverNothingStillHasAStep() {
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), labels(Axis.covering(0, 0, false)));
        assertEquals(List.of("2", "3", "4", "5", "6"), labels(Axis.covering(4, 4, true)));
    }

    @Test
    void numbersArePrintedAsPeopleWriteThem() {
        assertEquals("812", Numbers.format(812.0));
        assertEquals("812", Numbers.format(812.4));
        assertEquals("1.9", Numbers.format(1.9));
        assertEquals("0.123", Numbers.format(0.12345));
        assertEquals("12.3", Numbers.format(12.34));
        assertEquals("0", Numbers.format(0));
    }
}
