package dev.conclab.executor;

/**
 * Takes turns between the notebook's cells and the warm-up's steps, which run on two threads: a
 * cell waits for the step that is running to end (a step is one snippet, tens to hundreds of
 * milliseconds), and no step starts while a cell has arrived and not ended. So a cell's code never
 * shares the cores with javac's warm-up, and what a cell measures is its own code. Completion,
 * inspection and completeness checks take no turn: they run beside a step, on the cell thread.
 */
final class WarmUpTurns {
    /** Cells received and not yet ended. */
    private int cellsAhead;
    private boolean stepRunning;

    /** From the channel thread, as a cell arrives: no new step starts until it has ended. */
    synchronized void cellArrived() {
        cellsAhead++;
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
        notifyAll();
    }

    /** On the warm-up's thread: waits until no cell is waiting or running, then holds the turn for one step. */
    synchronized void awaitStepTurn() throws InterruptedException {
        while (cellsAhead > 0) {
            wait();
        }
        stepRunning = true;
    }

    /** On the warm-up's thread, after a step. */
    synchronized void stepEnded() {
        stepRunning = false;
        notifyAll();
    }
}
