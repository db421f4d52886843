package dev.conclab.runtime.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChecksTest {
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @Test
    void withinReturnsTheValueOfCodeThatEnds() {
        assertEquals(42, Checks.valueWithin(GENEROUS, "the answer", () -> 42));
    }

    @Test
    void withinCutsOffCodeThatNeverEndsAndSaysWhereItWas() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        AssertionError failure = assertThrows(AssertionError.class, () -> Checks.within(Duration.ofMillis(200), "the consumer", () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }));
        assertTrue(failure.getMessage().startsWith("the consumer did not finish within 200 ms; it was in CountDownLatch.await:"), failure.getMessage());
        assertTrue(failure.getMessage().matches(".*it was in CountDownLatch.await:\\d+, called from ChecksTest.*"), failure.getMessage());
        assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the cut-off code is interrupted");
    }

    @Test
    void withinPassesTheCodesOwnAssertionOnAndWrapsOtherExceptions() {
        AssertionError own = new AssertionError("Exercise 1: wrong");
        assertSame(own, assertThrows(AssertionError.class, () -> Checks.within(GENEROUS, "x", () -> {
            throw own;
        })));
        AssertionError wrapped = assertThrows(AssertionError.class, () -> Checks.within(GENEROUS, "the pipeline", () -> {
            throw new IllegalStateException("queue closed");
        }));
        assertEquals("the pipeline failed: java.lang.IllegalStateException: queue closed", wrapped.getMessage());
        assertTrue(wrapped.getCause() instanceof IllegalStateException);
    }

    @Test
    void aLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Checks.within(Duration.ZERO, "x", () -> {}));
        assertThrows(IllegalArgumentException.class, () -> Checks.eventually(Duration.ofSeconds(-1), "x", () -> true));
    }

    @Test
    void endsWithinPassesForAThreadThatEndsAndNamesOneThatDoesNot() throws Exception {
        Thread quick = new Thread(() -> {}, "quick");
        quick.start();
        Checks.endsWithin(quick, GENEROUS, "never shown");

        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stuck");
        stuck.start();
        try {
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> Checks.endsWithin(stuck, Duration.ofMillis(100), "Exercise 3: spin() ignores the interrupt"));
            assertTrue(failure.getMessage().startsWith("Exercise 3: spin() ignores the interrupt (thread \"stuck\" still runs 100 ms later; it was in CountDownLatch.await:"),
                    failure.getMessage());
        } finally {
            release.countDown();
            stuck.join();
        }
    }

    @Test
    void keepsRunningFailsForAThreadThatEndsByItselfAndPassesForOneThatWaits() throws Exception {
        Thread returning = new Thread(() -> {}, "spinner");
        returning.start();
        AssertionError failure = assertThrows(AssertionError.class,
                () -> Checks.keepsRunning(returning, GENEROUS, "spin() returned before it was interrupted"));
        assertEquals("spin() returned before it was interrupted (thread \"spinner\" ended within 30.0 s)", failure.getMessage());

        CountDownLatch release = new CountDownLatch(1);
        Thread waiting = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.start();
        Checks.keepsRunning(waiting, Duration.ofMillis(50), "never shown");
        release.countDown();
        waiting.join();
    }

    @Test
    void eventuallyPassesAsSoonAsTheConditionHoldsAndFailsWithItsReasonAfterTheLimit() {
        AtomicInteger polls = new AtomicInteger();
        Checks.eventually(GENEROUS, "three polls", () -> polls.incrementAndGet() == 3);
        assertEquals(3, polls.get());
        AssertionError failure = assertThrows(AssertionError.class,
                () -> Checks.eventually(Duration.ofMillis(50), "the queue is empty", () -> false));
        assertEquals("the queue is empty (still not so after 50.0 ms)", failure.getMessage());
    }

    @Test
    void repeatCountsEachResultAndExpectOnlyNamesTheOthers() {
        AtomicInteger run = new AtomicInteger();
        Outcomes<Long> outcomes = Checks.repeat(5, () -> run.incrementAndGet() % 3 == 0 ? 998L : 1_000L);
        assertEquals(5, outcomes.runs());
        assertEquals(Map.of(1_000L, 4, 998L, 1), outcomes.counts());
        assertEquals(List.of(1_000L, 998L), List.copyOf(outcomes.counts().keySet()), "in the order results first appeared");
        assertEquals("5 runs: 1000 (4), 998 (1)", outcomes.toString());
        AssertionError failure = assertThrows(AssertionError.class, () -> outcomes.expectOnly(1_000L, "Exercise 1: updates were lost"));
        assertEquals("Exercise 1: updates were lost: 4 of 5 runs gave 1000, the others gave 998 (1 run)", failure.getMessage());
        Outcomes<String> same = Checks.repeat(3, () -> "same");
        assertSame(same, same.expectOnly("same", "never shown"));
    }

    @Test
    void repeatNamesTheRunThatFailed() {
        AtomicInteger run = new AtomicInteger();
        AssertionError failure = assertThrows(AssertionError.class, () -> Checks.repeat(4, () -> {
            if (run.incrementAndGet() == 2) {
                throw new IllegalStateException("pool closed");
            }
            return 1;
        }));
        assertEquals("run 2 of 4 failed: java.lang.IllegalStateException: pool closed", failure.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checks.repeat(0, () -> 1));
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
