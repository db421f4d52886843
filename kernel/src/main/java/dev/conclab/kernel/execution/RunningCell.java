package dev.conclab.kernel.execution;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How far the one cell the kernel is running has got, as far as an interrupt is concerned:
 * waiting for the executor (an interrupt cancels it here), handed to the executor (the executor
 * keeps it from starting, or stops it while it compiles), or running its code (the code has to
 * stop within the grace, or its JVM ends).
 *
 * <p>Sending the cell and deciding what an interrupt does happen under this object's lock, so an
 * interrupt never reaches the executor before the cell it is meant for.
 */
final class RunningCell {
    /** What an interrupt has to do about this cell. */
    enum InterruptAction {
        /** The executor never got the cell: answering it as cancelled is enough. */
        CANCELLED,
        /** Tell the executor; its code has not started yet, so no grace runs yet. */
        TELL,
        /** Tell the executor and give the running code the grace to stop. */
        TELL_AND_START_GRACE
    }

    private final String cellId;
    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
    private boolean sent;
    private boolean codeStarted;
    private boolean interrupted;
    private boolean graceStarted;
    private volatile boolean endedByGrace;
    private volatile List<String> monitorWaits = List.of();

    RunningCell(String cellId) {
        this.cellId = cellId;
    }

    /** Sends the cell unless an interrupt came first; returns what {@code send} returned, or null. */
    synchronized <T> T sendUnlessInterrupted(Sender<T> send) throws ExecutorDied {
        if (interrupted) {
            return null;
        }
        T result = send.send();
        sent = true;
        return result;
    }

    /** Notes an interrupt and says what it has to do. */
    synchronized InterruptAction interrupt() {
        interrupted = true;
        cancelled.complete(null);
        if (!sent) {
            return InterruptAction.CANCELLED;
        }
        return startGraceOnce() ? InterruptAction.TELL_AND_START_GRACE : InterruptAction.TELL;
    }

    /** Notes that the cell's code started; true when an interrupt came before, so the grace starts now. */
    synchronized boolean codeStarted() {
        codeStarted = true;
        return interrupted && startGraceOnce();
    }

    private boolean startGraceOnce() {
        if (!codeStarted || graceStarted) {
            return false;
        }
        graceStarted = true;
        return true;
    }

    /** Completes when the cell is interrupted: a wait for the executor to start ends then. */
    CompletableFuture<Void> cancelled() {
        return cancelled;
    }

    boolean isFor(String id) {
        return cellId.equals(id);
    }

    /** The executor's report of threads blocked entering a synchronized block when the interrupt came. */
    void found(List<String> waits) {
        monitorWaits = List.copyOf(waits);
    }

    List<String> monitorWaits() {
        return monitorWaits;
    }

    /** The grace ran out and the kernel ended the executor for this cell. */
    void endedByGrace() {
        endedByGrace = true;
    }

    boolean wasEndedByGrace() {
        return endedByGrace;
    }

    /** Sends the cell to the executor. */
    @FunctionalInterface
    interface Sender<T> {
        T send() throws ExecutorDied;
    }
}
