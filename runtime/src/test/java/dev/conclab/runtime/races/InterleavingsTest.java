package dev.conclab.runtime.races;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Lincheck's search, run in a child JVM as in a notebook (here Lincheck is on the test class path). */
class InterleavingsTest {
    static final class Counter implements Serializable {
        int count;

        int inc() {
            return ++count;
        }
    }

    @Test
    void findsTheLostUpdateOfCountPlusPlusAndShowsTheReadsAndWrites() throws InterruptedException {
        InterleavingResult result = Interleavings.of(Counter::new).title("count++")
                .operation("inc", Counter::inc).check();

        assertTrue(result.violated(), result::text);
        assertTrue(result.violation().startsWith("not linearizable"), result.violation());
        // Both threads read the count before either writes it back.
        assertTrue(result.steps().stream().anyMatch(s -> s.kind() == Step.Kind.READ && s.field().equals("count")), result::text);
        assertTrue(result.steps().stream().anyMatch(s -> s.kind() == Step.Kind.WRITE && s.value().equals("1")), result::text);
        assertTrue(result.switches() >= 1, result::text);
        String html = result.toMimeBundle().data().get("text/html").toString();
        assertTrue(html.contains("<th>Thread 1</th>") && html.contains("<th>Thread 2</th>"), html);
        assertThrows(AssertionError.class, result::assertNoViolation);
    }

    @Test
    void anAtomicCounterHasNoViolatingScheduleAndReplayFindsTheSameOne() throws InterruptedException {
        InterleavingResult fixed = Interleavings.of(AtomicInteger::new).operation("inc", AtomicInteger::incrementAndGet)
                .bounds(2, 2, 3).invocations(200).check();
        assertFalse(fixed.violated(), fixed::text);
        fixed.assertNoViolation();

        InterleavingResult broken = Interleavings.of(Counter::new).operation("inc", Counter::inc).bounds(2, 1, 5).check();
        assertEquals(broken.steps(), broken.replay().steps());
    }

    @Test
    void anInvariantThatBreaksIsReported() throws InterruptedException {
        InterleavingResult result = Interleavings.of(Counter::new).operation("inc", c -> { c.count++; return null; })
                .invariant("count never goes above 1", c -> c.count <= 1).bounds(2, 1, 3).check();
        assertTrue(result.violated(), result::text);
        assertEquals("invariant broken", result.violation(), result::text);
    }

    @Test
    void anOperationNeedsAJavaName() {
        assertThrows(IllegalArgumentException.class, () -> Interleavings.of(Counter::new).operation("count++", Counter::inc));
    }
}
