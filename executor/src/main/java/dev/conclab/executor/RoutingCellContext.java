package dev.conclab.executor;

import dev.conclab.executor.agent.CellContext;
import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;

/** Answers the JDK task hooks with the cells of {@link CellRouting}. */
final class RoutingCellContext implements CellContext {
    private final CellRouting routing;
    private final ThreadLimit threadLimit = ThreadLimit.forThisMachine();
    private final ProgramExits exits;
    private final IntConsumer halting;

    /** {@code halting} sends the cells' output and tells the kernel, as {@code Runtime.halt(status)} starts. */
    RoutingCellContext(CellRouting routing, ProgramExits exits, IntConsumer halting) {
        this.routing = routing;
        this.exits = exits;
        this.halting = halting;
    }

    @Override
    public void halting(int status) {
        halting.accept(status);
    }

    @Override
    public Error exitCalled(int status) {
        return exits.exitCalled(status);
    }

    @Override
    public Object capture() {
        return routing.boundCell();
    }

    @Override
    public Object enter(Object cell) {
        Cell previous = routing.boundCell();
        if (cell instanceof Cell own) {
            routing.bind(own);
        }
        return previous;
    }

    @Override
    public void exit(Object previous) {
        routing.bind((Cell) previous);
    }

    @Override
    public void started(Object threadOrPool) {
        Cell cell = routing.boundCell();
        // A virtual thread starts inside VirtualThread; a pool made there is the JDK's own
        // scheduler of virtual threads, which must never be stopped with a cell.
        boolean virtualThread = threadOrPool.getClass().getName().equals("java.lang.VirtualThread");
        if (cell == null || !startedByNotebookCode(virtualThread)) {
            return;
        }
        if (threadOrPool instanceof Thread thread) {
            if (thread.getName().startsWith("ForkJoinPool.commonPool")) {
                return; // shared by every cell
            }
            if (!virtualThread) {
                threadLimit.checkRoomForOneMore(); // virtual threads cost no OS thread
            }
            routing.work().threadStarted(cell, thread);
        } else if (threadOrPool instanceof ExecutorService pool) {
            routing.work().poolCreated(cell, pool);
        }
    }

    /**
     * Whether the thread or pool is the notebook's: its nearest maker, past the JDK's concurrency
     * classes, is a cell or the runtime's thread helpers. A thread or pool the JDK makes for itself
     * on a cell's behalf, such as the one that reaps child processes, must survive
     * {@code Cells.stop}.
     */
    private static boolean startedByNotebookCode(boolean virtualThread) {
        return StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .filter(name -> !name.startsWith("java.util.concurrent.") && !name.startsWith("java.lang.Thread")
                        && !(virtualThread && name.equals("java.lang.VirtualThread"))
                        && !name.startsWith("dev.conclab.executor."))
                .findFirst()
                .map(name -> name.startsWith("REPL.") || name.startsWith("dev.conclab.runtime.threads."))
                .orElse(false));
    }
}
