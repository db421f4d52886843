package dev.conclab.kernel.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conditions and hit counts of breakpoints, on literals (names need a program: DebuggerFeaturesIT). */
class BreakpointTest {
    private static boolean holds(String condition) {
        return Condition.parse(condition).holds(null, List.of());
    }

    @Test
    void conditionsFollowJavasPrecedenceAndTypes() {
        assertTrue(holds("1 + 2 * 3 == 7"));
        assertTrue(holds("(1 + 2) * 3 == 9 && !(2 > 3) || false"));
        assertTrue(holds("7 % 4 == 3 && -2 < 0 && 2.5 >= 2"));
        assertTrue(holds("\"a\" + 1 == \"a1\" && 'a' == 97 && null == null"));
        assertFalse(holds("10 / 4 != 2"));
        assertTrue(holds("false || true && true"));
    }

    @Test
    void aConditionTheDebuggerCannotEvaluateIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Condition.parse("list.isEmpty()")).getMessage()
                .contains("call no methods"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Condition.parse("i == ")).getMessage().contains("ends too soon"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Condition.parse("i = 3")).getMessage().contains("not an expression"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Condition.parse("(i > 3")).getMessage().contains("lacks a )"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> holds("1 + 2")).getMessage().contains("not true or false"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> holds("1 / 0 == 1")).getMessage().contains("division by zero"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> holds("missing > 1")).getMessage().contains("no variable missing"));
    }

    @Test
    void hitConditionsCountTheHitsWhereTheConditionHolds() {
        assertEquals(List.of(5), stops("5", 12));
        assertEquals(List.of(3, 6, 9, 12), stops("%3", 12));
        assertEquals(List.of(11, 12), stops("> 10", 12));
        assertEquals(List.of(1, 2), stops("<=2", 12));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Breakpoint(1, null, "often")).getMessage()
                .contains("not a count"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Breakpoint(1, null, "%0")).getMessage()
                .contains("never holds"));
    }

    private static List<Integer> stops(String hitCondition, int hits) {
        Breakpoint breakpoint = new Breakpoint(3, "1 < 2", hitCondition);
        List<Integer> stops = new ArrayList<>();
        for (int hit = 1; hit <= hits; hit++) {
            if (breakpoint.stops(null, List.of())) {
                stops.add(hit);
            }
        }
        return stops;
    }
}
