package dev.conclab.executor;

import dev.conclab.executor.agent.CellContext;
import dev.conclab.runtime.output.Cell;
import dev.conclab.runtime.output.CellRouting;

/** Answers the JDK task hooks with the cells of {@link CellRouting}. */
final class RoutingCellContext implements CellContext {
    private final CellRouting routing;

    RoutingCellContext(CellRouting routing) {
        this.routing = routing;
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
}
