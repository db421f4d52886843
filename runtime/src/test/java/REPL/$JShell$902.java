package REPL;

import dev.conclab.runtime.processes.ProcessTask;

/** A cell whose lambda reads a variable of its own, one of another cell, and calls another cell's method (CellClassReachTest). */
public class $JShell$902 {
    public static int own;

    public static ProcessTask<Integer> task() {
        return () -> own + $JShell$901.used + $JShell$903.helper();
    }
}
