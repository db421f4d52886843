package dev.conclab.executor;

import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.internal.cells.NotebookThreads;
import dev.conclab.runtime.internal.cells.ProgramExit;
import dev.conclab.runtime.lifecycle.Cells;
import java.util.Arrays;

/**
 * What {@code System.exit} does when notebook code calls it. Under {@code java} it ends the
 * program; a notebook is many programs in one JVM, so it ends what the calling thread's cell
 * started (its threads, pools and child processes, as {@code Cells.stop} does) and that cell's
 * code, which reports the exit status. The notebook's definitions and other cells' work stay.
 * Exits by the executor's own threads end the JVM as before.
 */
final class ProgramExits {
    private final CellRouting routing;
    private final CellRunner runner;

    ProgramExits(CellRouting routing, CellRunner runner) {
        this.routing = routing;
        this.runner = runner;
    }

    /** What the thread calling {@code System.exit(status)} throws instead, or null to exit the JVM. */
    Error exitCalled(int status) {
        Cell cell = routing.boundCell();
        if (cell == null || !NotebookThreads.isNotebooks(Thread.currentThread())) {
            return null;
        }
        ProgramExit exit = new ProgramExit(status);
        exit.setStackTrace(framesBelowExit(exit.getStackTrace()));
        Cells.stop(cell.executionCount());
        if (!runner.endedByExit(cell, exit)) {
            // The cell had finished: what it started is stopped, and its output says why.
            NotebookRuntime.err().println("System.exit(" + status + ") was called by thread \"" + Thread.currentThread().getName()
                    + "\": the threads, pools and processes In [" + cell.executionCount() + "] started were stopped.");
        }
        return exit;
    }

    /** The caller's frames: from the one that called {@code System.exit} or {@code Runtime.exit}. */
    private static StackTraceElement[] framesBelowExit(StackTraceElement[] frames) {
        for (int i = frames.length - 1; i >= 0; i--) {
            boolean exitFrame = frames[i].getMethodName().equals("exit")
                    && (frames[i].getClassName().equals("java.lang.System") || frames[i].getClassName().equals("java.lang.Runtime"));
            if (exitFrame) {
                return Arrays.copyOfRange(frames, i + 1, frames.length);
            }
        }
        return frames;
    }
}
