package dev.conclab.runtime.internal.cells;

/**
 * What {@code System.exit(status)} throws when notebook code calls it: under {@code java} it ends
 * the program, in a notebook it ends what the cell started and the cell, and the notebook's
 * definitions stay. It unwinds the thread that called it, which then ends without a report.
 */
public final class ProgramExit extends Error {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ProgramExit(int status) {
        super("System.exit(" + status + ")");
        this.status = status;
    }

    /** The exit status the program asked for. */
    public int status() {
        return status;
    }
}
