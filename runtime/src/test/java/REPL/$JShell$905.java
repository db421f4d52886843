package REPL;

import java.util.List;

/** A cell the test task never reaches, as JShell's {@code $5} of an expression cell (CellClassReachTest). */
public class $JShell$905 {
    public static List<Integer> $5;
}
