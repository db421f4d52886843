package dev.conclab.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The warm-up and the cells take turns: neither runs beside the other. */
class WarmUpTurnsTest {
    private static final long BOUND_MILLIS = 30_000;

    @Test
    void aCellWaitsForTheRunningStepToEnd() throws Exception {
        WarmUpTurns turns = new WarmUpTurns();
        List<String> events = new CopyOnWriteArrayList<>();
        turns.awaitStepTurn();
        turns.cellArrived();
        Thread cell = new Thread(() -> {
            turns.awaitCellTurn();
            events.add("cell runs");
            turns.cellEnded();
        });
        cell.start();
        awaitWaiting(cell);
        events.add("step ends");
        turns.stepEnded();
        cell.join(BOUND_MILLIS);
        assertFalse(cell.isAlive(), "the cell did not start once the step had ended");
        assertEquals(List.of("step ends", "cell runs"), events);
    }

    @Test
    void noStepStartsWhileACellWaitsOrRuns() throws Exception {
        WarmUpTurns turns = new WarmUpTurns();
        List<String> events = new CopyOnWriteArrayList<>();
        turns.cellArrived();
        Thread warmUp = new Thread(() -> {
            try {
                turns.awaitStepTurn();
                events.add("step runs");
                turns.stepEnded();
            } catch (InterruptedException e) {
                events.add("interrupted");
            }
        });
        warmUp.start();
        awaitWaiting(warmUp);
        turns.awaitCellTurn();
        events.add("cell runs");
        assertTrue(warmUp.isAlive());
        turns.cellEnded();
        warmUp.join(BOUND_MILLIS);
        assertFalse(warmUp.isAlive(), "the step did not start once the cell had ended");
        assertEquals(List.of("cell runs", "step runs"), events);
    }

    @Test
    void noStepStartsUntilTheQuestionsAskedBesideARunningStepAreAnswered() throws Exception {
        WarmUpTurns turns = new WarmUpTurns();
        List<String> events = new CopyOnWriteArrayList<>();
        turns.awaitStepTurn();
        turns.questionArrived();
        turns.stepEnded();
        Thread warmUp = new Thread(() -> {
            try {
                turns.awaitStepTurn();
                events.add("next step runs");
                turns.stepEnded();
            } catch (InterruptedException e) {
                events.add("interrupted");
            }
        });
        warmUp.start();
        awaitWaiting(warmUp);
        events.add("question answered");
        turns.questionAnswered();
        warmUp.join(BOUND_MILLIS);
        assertFalse(warmUp.isAlive(), "the next step did not start once the question was answered");
        assertEquals(List.of("question answered", "next step runs"), events);
    }

    @Test
    void aStepWaitsForAQuietMomentAfterACell() throws Exception {
        WarmUpTurns turns = new WarmUpTurns();
        turns.cellArrived();
        turns.awaitCellTurn();
        turns.cellEnded();
        long ended = System.nanoTime();
        turns.awaitStepTurn();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended);
        turns.stepEnded();
        assertTrue(waited >= WarmUpTurns.QUIET_MILLIS - 1, "a step started " + waited + " ms after a cell, so the next cell of a Run All would wait for it");
    }

    @Test
    void aCellTakesItsTurnAtOnceWhenNoStepRuns() {
        WarmUpTurns turns = new WarmUpTurns();
        turns.cellArrived();
        turns.awaitCellTurn();
        turns.cellEnded();
    }

    /** Waits (bounded) until {@code thread} blocks in a wait, the event a turn's wait is. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MILLIS);
        while (thread.getState() != Thread.State.WAITING) {
            assertTrue(thread.isAlive(), "the thread went on instead of waiting for its turn");
            assertTrue(System.nanoTime() < until, "the thread did not wait for its turn: " + thread.getState());
            Thread.sleep(5);
        }
    }
}
