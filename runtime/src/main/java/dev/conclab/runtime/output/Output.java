package dev.conclab.runtime.output;

import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;

/**
 * Options for the output of the current cell. Plain text is the default, as a terminal shows it;
 * {@code Output.labelSources()} marks each line with the thread or process that printed it.
 */
public final class Output {
    private Output() {}

    /** From now on, each line the current cell's code prints starts with its thread's or process's name. */
    public static void labelSources() {
        set(true);
    }

    /** Back to plain lines for the current cell. */
    public static void plain() {
        set(false);
    }

    private static void set(boolean label) {
        CellRouting routing = NotebookRuntime.routing();
        Cell cell = routing == null ? null : routing.current();
        if (cell != null) {
            NotebookRuntime.flush();
            routing.labelLines(cell, label);
        }
    }
}
