package dev.conclab.kernel.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
