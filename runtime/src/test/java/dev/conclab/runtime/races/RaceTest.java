package dev.conclab.runtime.races;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RaceTest {
    private static final Duration BUDGET = Duration.ofSeconds(1);

    static final class Counter {
        int count;
        final AtomicInteger atomic = new AtomicInteger();

        synchronized void increment() {
            count++;
        }
    }

    static final class Flags {
        int x, y, r1, r2;
    }

    static final class VolatileFlags {
        volatile int x, y;
        int r1, r2;
    }

    static final class Stop {
        boolean stop;
        boolean saw;
    }

    static final class VolatileStop {
        volatile boolean stop;
        boolean saw;
        long gaveUpAt;
        volatile long wroteAt;
    }

    @Test
    void lostUpdateOfCountPlusPlusShowsUpWithinAGenerousBudget() {
        Race<Counter> race = Race.of(Counter::new).title("count++")
                .actor(c -> c.count++).actor(c -> c.count++).arbiter(c -> c.count)
                .expect(2, Expect.ACCEPTABLE, "both landed").expect(1, Expect.INTERESTING, "lost update");
        // The actors overlap only while both have a core; on a loaded machine that takes a while.
        RaceResult result = race.run(BUDGET);
        for (int tries = 1; tries < 30 && result.neverSaw(1); tries++) {
            result = race.run(BUDGET);
        }
        System.out.println(result);
        assertTrue(result.saw(1), result::text);
        assertEquals(result.runs(), result.count(1) + result.count(2), result::text);
    }

    @Test
    void atomicAndSynchronizedIncrementsNeverLoseAnUpdate() {
        RaceResult atomic = Race.of(Counter::new).title("AtomicInteger")
                .actor(c -> c.atomic.incrementAndGet()).actor(c -> c.atomic.incrementAndGet()).arbiter(c -> c.atomic.get())
                .expect(1, Expect.FORBIDDEN, "lost update").run(BUDGET);
        RaceResult locked = Race.of(Counter::new).title("synchronized")
                .actor(Counter::increment).actor(Counter::increment).arbiter(c -> c.count)
                .expect(1, Expect.FORBIDDEN, "lost update").run(BUDGET);
        System.out.println(atomic + "\n" + locked);
        atomic.assertNone(Expect.FORBIDDEN);
        locked.assertNone(Expect.FORBIDDEN);
        assertEquals(atomic.runs(), atomic.count(2));
        assertEquals(locked.runs(), locked.count(2));
    }

    @Test
    void volatileAndFencedDekkerNeverBothReadZero() {
        RaceResult fixed = Race.of(VolatileFlags::new).title("Dekker, volatile")
                .actor(s -> { s.x = 1; s.r1 = s.y; }).actor(s -> { s.y = 1; s.r2 = s.x; })
                .arbiter(s -> s.r1 + ", " + s.r2).expect("0, 0", Expect.FORBIDDEN, "both read 0").run(BUDGET);
        RaceResult fenced = Race.of(Flags::new).title("Dekker, fullFence")
                .actor(s -> { s.x = 1; VarHandle.fullFence(); s.r1 = s.y; })
                .actor(s -> { s.y = 1; VarHandle.fullFence(); s.r2 = s.x; })
                .arbiter(s -> s.r1 + ", " + s.r2).expect("0, 0", Expect.FORBIDDEN, "both read 0").run(BUDGET);
        System.out.println(fixed + "\n" + fenced);
        fixed.assertNone(Expect.FORBIDDEN);
        fenced.assertNever("0, 0");
    }

    @Test
    void aVolatileStopFlagIsAlwaysSeen() {
        RaceResult fixed = Race.of(VolatileStop::new).title("stop flag, volatile")
                .actor(s -> { s.saw = BoundedSpin.until(() -> s.stop, Duration.ofMillis(100)); s.gaveUpAt = System.nanoTime(); })
                .actor(s -> { s.stop = true; s.wroteAt = System.nanoTime(); })
                // A busy machine may not run the writer in time: stuck only if it wrote 20 ms before the spin gave up.
                .arbiter(s -> s.saw ? "saw stop" : s.wroteAt != 0 && s.gaveUpAt - s.wroteAt > 20_000_000 ? Race.STUCK : "late").expect(Race.STUCK, Expect.FORBIDDEN, "missed").run(BUDGET);
        fixed.assertNone(Expect.FORBIDDEN);
        assertTrue(fixed.runs() > 0);
    }

    @Test
    void anActorThatNeverReturnsEndsTheRaceWithAnErrorThatSaysWhatToDo() {
        VolatileStop release = new VolatileStop();
        try {
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> Race.of(Stop::new)
                    .actor(s -> { while (!release.stop) { Thread.onSpinWait(); } }).actor(s -> s.stop = true)
                    .arbiter(s -> s.stop).stuckAfter(Duration.ofMillis(200)).run(BUDGET));
            assertTrue(error.getMessage().contains("BoundedSpin.until"), error.getMessage());
        } finally {
            release.stop = true;
        }
    }

    @Test
    void aSlowRaceStopsAtItsBudgetRatherThanAtTheEndOfItsFirstBatch() {
        // The first batch holds 64 runs; 64 runs of a 20 ms sleep cannot fit in the 200 ms budget.
        RaceResult result = Race.of(Stop::new).actor(s -> sleep(20)).actor(s -> s.stop = true).arbiter(s -> s.stop)
                .run(Duration.ofMillis(200));
        assertTrue(result.runs() < 64, result::text);
        assertEquals(result.runs(), result.count(true), result::text);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anActorThatThrowsEndsTheRaceWithItsException() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> Race.of(Stop::new)
                .actor(s -> { throw new ArithmeticException("boom"); }).actor(s -> s.stop = true)
                .arbiter(s -> s.stop).run(BUDGET));
        assertEquals("boom", error.getCause().getMessage());
    }

    @Test
    void aRaceWithoutTwoActorsOrAnArbiterIsRefusedWithTheFix() {
        Race<Stop> one = Race.of(Stop::new).actor(s -> s.stop = true).arbiter(s -> s.stop);
        assertTrue(assertThrows(IllegalStateException.class, () -> one.run(BUDGET)).getMessage().contains(".actor("));
        Race<Stop> noArbiter = Race.of(Stop::new).actor(s -> s.stop = true).actor(s -> s.stop = true);
        assertTrue(assertThrows(IllegalStateException.class, () -> noArbiter.run(BUDGET)).getMessage().contains(".arbiter("));
        Race<Stop> four = one.actor(s -> {}).actor(s -> {}).actor(s -> {});
        assertThrows(IllegalArgumentException.class, () -> four.actor(s -> {}));
        assertThrows(IllegalArgumentException.class, () -> one.run(Duration.ZERO));
    }

    @Test
    void aFailedCheckGivesTheCountsAndTheDisplayMarksEachOutcome() {
        RaceResult result = new RaceResult("count++", java.util.Map.of("2", 90L, "1", 10L),
                java.util.Map.of("1", new Race.Expectation(Expect.FORBIDDEN, "lost update")), 100, Duration.ofSeconds(1));
        AssertionError error = assertThrows(AssertionError.class, () -> result.assertNone(Expect.FORBIDDEN));
        assertTrue(error.getMessage().startsWith("10 of 100 runs of \"count++\" gave an outcome marked FORBIDDEN"), error.getMessage());
        assertTrue(error.getMessage().contains("lost update"), error.getMessage());
        assertThrows(AssertionError.class, () -> result.assertNever(1));
        assertThrows(AssertionError.class, () -> result.assertSaw(3));
        var bundle = result.toMimeBundle().data();
        assertTrue(bundle.get("image/svg+xml").startsWith("<svg"), bundle.get("image/svg+xml"));
        assertTrue(bundle.get("text/html").contains("<td>FORBIDDEN</td><td>lost update</td>"), bundle.get("text/html"));
        // The chart goes into the HTML as an image, which JupyterLab keeps in a notebook opened untrusted.
        assertFalse(bundle.get("text/html").contains("<svg"), bundle.get("text/html"));
        var image = java.util.regex.Pattern.compile("<img src=\"data:image/svg\\+xml;base64,([^\"]+)\"").matcher(bundle.get("text/html"));
        assertTrue(image.find(), bundle.get("text/html"));
        String chart = new String(java.util.Base64.getDecoder().decode(image.group(1)), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(chart.contains("1 (forbidden)") && chart.contains("count++ (100 runs)"), chart);
        assertTrue(bundle.get("text/plain").contains("100 runs"), bundle.get("text/plain"));
        assertEquals(java.util.List.of("1", "2"), java.util.List.copyOf(result.counts().keySet()));
    }

    @Test
    void sideBySideIsOneTableRowWithEachResultsChartAndTable() {
        RaceResult broken = new RaceResult("count++", java.util.Map.of("1", 5L, "2", 95L), java.util.Map.of(), 100, Duration.ofSeconds(1));
        RaceResult fixed = new RaceResult("AtomicInteger", java.util.Map.of("2", 100L), java.util.Map.of(), 100, Duration.ofSeconds(1));
        String html = RaceResult.sideBySide(broken, fixed).data().get("text/html");
        // No flex box: JupyterLab drops "display" from the HTML of an untrusted notebook.
        assertTrue(html.startsWith("<table class=\"conclab-side-by-side\"><tr><td") && html.endsWith("</td></tr></table>"), html);
        assertEquals(2, html.split("<td style=", -1).length - 1, html);
        assertEquals(2, html.split("<img src=\"data:image/svg\\+xml;base64,", -1).length - 1, html);
        assertThrows(IllegalArgumentException.class, RaceResult::sideBySide);
    }
}
