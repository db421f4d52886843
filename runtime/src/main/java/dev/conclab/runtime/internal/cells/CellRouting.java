package dev.conclab.runtime.internal.cells;

import dev.conclab.runtime.internal.cells.CellWork;

/**
 * Knows which cell each thread works for, so that output reaches the cell that caused it.
 *
 * <p>A thread inherits the cell of the thread that started it. Output from a thread that has no
 * cell of its own (a pool thread made outside any cell, a JVM-internal thread) goes to the cell
 * running now, else to the last cell that ran.
 */
public final class CellRouting {
    private final InheritableThreadLocal<Cell> cellOfThread = new InheritableThreadLocal<>();
    private final java.util.Set<String> labelledCells = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final OutputSink sink;
    private final CellWork work = new CellWork();
    private volatile Cell running;
    private volatile Cell last;

    public CellRouting(OutputSink sink) {
        this.sink = sink;
    }

    /** The threads and processes each cell started. */
    public CellWork work() {
        return work;
    }

    /** The sink that receives everything routed here. */
    public OutputSink sink() {
        return sink;
    }

    /** Marks {@code cell} as running on the current thread; threads it starts inherit it. */
    public void enter(Cell cell) {
        cellOfThread.set(cell);
        running = cell;
        last = cell;
    }

    /** Marks the current thread's cell as finished. */
    public void leave() {
        running = null;
        cellOfThread.remove();
    }

    /** Runs {@code task} on behalf of {@code cell}, whatever thread calls this. */
    public void runAs(Cell cell, Runnable task) {
        Cell before = cellOfThread.get();
        cellOfThread.set(cell);
        try {
            task.run();
        } finally {
            bind(before);
        }
    }

    /** The cell the current thread itself works for, or null: unlike {@link #current()}, no fallback. */
    public Cell boundCell() {
        return cellOfThread.get();
    }

    /** From now on the current thread works for {@code cell}; null leaves it to the fallback. */
    public void bind(Cell cell) {
        if (cell == null) {
            cellOfThread.remove();
        } else {
            cellOfThread.set(cell);
        }
    }

    /** From now on, lines written for {@code cell} start with the name of their thread or process (or not). */
    public void labelLines(Cell cell, boolean label) {
        if (label) {
            labelledCells.add(cell.id());
        } else {
            labelledCells.remove(cell.id());
        }
    }

    /** Whether lines written for {@code cell} carry their source. */
    public boolean labelsLines(Cell cell) {
        return labelledCells.contains(cell.id());
    }

    /** The cell the current thread's output belongs to, or null before any cell has run. */
    public Cell current() {
        Cell own = cellOfThread.get();
        if (own != null) {
            return own;
        }
        Cell now = running;
        return now != null ? now : last;
    }
}
