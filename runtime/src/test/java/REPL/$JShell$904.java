package REPL;

/** A variable only a called method reads (CellClassReachTest). */
public class $JShell$904 {
    public static int deep;
}
