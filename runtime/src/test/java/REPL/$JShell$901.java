package REPL;

/** As JShell compiles {@code int used = 40;}: a cell's variable that a test task reads (CellClassReachTest). */
public class $JShell$901 {
    public static int used;
}
