package dev.conclab.runtime.internal.cells;

import dev.conclab.runtime.internal.processes.SpareChild;
import java.io.PrintStream;

/**
 * The one place the runtime finds the executor's cells: the executor installs its routing here
 * when it starts. {@code Display}, {@code Cells.stop}, the pools and the timeline ask this holder,
 * never {@code System.out}, so a cell that calls {@code System.setOut} only redirects its own
 * text, as in plain Java; routing, progress bars, the timeline and {@code Cells.stop} keep working.
 *
 * <p>The one static field exists because notebook code reaches the runtime through static methods
 * ({@code Display.display}, {@code Cells.stop}); it is set once, as the executor's {@code CellHooks}
 * is. Outside the kernel (a child JVM, a unit test that installs nothing) it stays empty and the
 * runtime behaves as a plain library.
 */
public final class NotebookRuntime {
    private static volatile Installed installed;

    private NotebookRuntime() {}

    private record Installed(CellRouting routing, PrintStream out, PrintStream err, SpareChild spareChild) {}

    /** Connects the runtime to the executor's cells; returns the cells' stdout, for {@code System.setOut}. */
    public static PrintStream install(CellRouting routing) {
        Installed now = new Installed(routing, new CellPrintStream(routing, StreamName.STDOUT),
                new CellPrintStream(routing, StreamName.STDERR), new SpareChild());
        installed = now;
        return now.out();
    }

    /** Disconnects the runtime from the cells, as when it runs outside the kernel; for tests that host cells. */
    public static void uninstall() {
        installed = null;
    }

    /** The routing of the executor's cells, or null when the runtime runs outside the kernel. */
    public static CellRouting routing() {
        Installed now = installed;
        return now == null ? null : now.routing();
    }

    /**
     * The stream that writes into the current thread's cell, whatever {@code System.out} is now: the
     * kernel's own messages and a child's output go there. Outside the kernel, {@code System.out}.
     */
    public static PrintStream out() {
        Installed now = installed;
        return now == null ? System.out : now.out();
    }

    /** The error stream that writes into the current thread's cell; outside the kernel, {@code System.err}. */
    public static PrintStream err() {
        Installed now = installed;
        return now == null ? System.err : now.err();
    }

    /** The notebook's child JVM started ahead for its next child, or null outside the kernel. */
    public static SpareChild spareChild() {
        Installed now = installed;
        return now == null ? null : now.spareChild();
    }

    /** Sends on what the cells' streams hold, so that text printed before a display shows above it. */
    public static void flush() {
        Installed now = installed;
        if (now != null) {
            now.out().flush();
            now.err().flush();
        }
    }
}
