package dev.conclab.kernel.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {
    private final History history = new History();

    HistoryTest() {
        history.add(1, "int a = 1;", null);
        history.add(2, "6*7", "42");
        history.add(3, "int b = 2;", null);
        history.add(4, "6*7", "42");
    }

    @Test
    void tailRangeAndSearch() {
        assertEquals(List.of(3, 4), history.tail(2).stream().map(History.Entry::line).toList());
        assertEquals(List.of(2, 3), history.range(2, 4).stream().map(History.Entry::line).toList());
        assertEquals(List.of(1, 3), history.search("int *", 0, false).stream().map(History.Entry::line).toList());
        assertEquals(List.of(4), history.search("6?7", 0, true).stream().map(History.Entry::line).toList());
        assertEquals(List.of(3), history.search("int*", 1, false).stream().map(History.Entry::line).toList());
    }

    @Test
    void rowsCarrySessionLineAndInputOrInputWithOutput() {
        assertEquals(List.of(History.SESSION, 2, "6*7"), History.rows(history.range(2, 3), false).get(0));
        assertEquals(List.of(History.SESSION, 2, List.of("6*7", "42")), History.rows(history.range(2, 3), true).get(0));
    }

    @Test
    void keepsTheNewestCellsAndCutsLongResults() {
        History bounded = new History();
        for (int line = 1; line <= History.MAX_ENTRIES + 5; line++) {
            bounded.add(line, "cell " + line, null);
        }
        List<History.Entry> kept = bounded.range(0, 0);
        assertTrue(kept.size() <= History.MAX_ENTRIES, "kept " + kept.size());
        assertEquals(History.MAX_ENTRIES + 5, kept.get(kept.size() - 1).line());
        assertEquals(History.MAX_ENTRIES + 5 - kept.size() + 1, kept.get(0).line());

        bounded.add(History.MAX_ENTRIES + 6, "big", "x".repeat(History.MAX_OUTPUT_CHARS * 3));
        String output = bounded.tail(1).get(0).output();
        assertEquals(History.MAX_OUTPUT_CHARS + History.CUT.length(), output.length());
        assertTrue(output.endsWith(History.CUT));
    }
}
