package dev.conclab.executor;

import java.util.concurrent.TimeUnit;

/**
 * Takes turns between the notebook's cells and the warm-up's steps, which run on two threads: a
 * cell waits for the step that is running to end (a step is one snippet, tens to hundreds of
 * milliseconds), and no step starts while a cell has arrived and not ended. So a cell's code never
 * shares the cores with javac's warm-up, and what a cell measures is its own code. Completion,
 * inspection and completeness checks wait for nothing: they run beside the step that is running,
 * on the cell thread; but no new step starts until they are answered, so that on a loaded machine
 * the warm-up does not take the cores from a person typing (measured: with steps going on beside
 * them, completions took 2-5 times as long at load 25; docs/benchmarks.md). And a step starts only
 * once no cell has ended for {@value #QUIET_MILLIS} ms: cells that come back to back (Run All, a
 * benchmark) would otherwise each wait for a step started in the moment between them.
 */
final class WarmUpTurns {
    static final long QUIET_MILLIS = 100;
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
    /** Cells received and not yet ended. */
    private int cellsAhead;
    /** Completion, inspection and completeness requests received and not yet answered. */
    private int questionsAhead;
    private boolean stepRunning;
    private long lastCellEnded = System.nanoTime() - QUIET_NANOS;

    /** From the channel thread, as a cell arrives: no new step starts until it has ended. */
    synchronized void cellArrived() {
        cellsAhead++;
    }

    /** From the channel thread, as a completion, inspection or completeness request arrives. */
    synchronized void questionArrived() {
        questionsAhead++;
    }

    /** On the cell thread, once that request is answered. */
    synchronized void questionAnswered() {
        questionsAhead--;
        notifyAll();
    }

    /** On the cell thread, before the cell compiles: waits for the running step to end. */
    synchronized void awaitCellTurn() {
        boolean interrupted = false;
        while (stepRunning) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the cell thread, once the cell has ended (also when it failed). */
    synchronized void cellEnded() {
        cellsAhead--;
        lastCellEnded = System.nanoTime();
        notifyAll();
    }

    /**
     * On the warm-up's thread: waits until no cell or question waits or runs and the last cell
     * ended {@value #QUIET_MILLIS} ms ago, then holds the turn for one step.
     */
    synchronized void awaitStepTurn() throws InterruptedException {
        while (true) {
            if (cellsAhead > 0 || questionsAhead > 0) {
                wait();
                continue;
            }
            long quietFor = System.nanoTime() - lastCellEnded;
            if (quietFor >= QUIET_NANOS) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, QUIET_NANOS - quietFor);
        }
        stepRunning = true;
    }

    /** On the warm-up's thread, after a step. */
    synchronized void stepEnded() {
        stepRunning = false;
        notifyAll();
    }
}
