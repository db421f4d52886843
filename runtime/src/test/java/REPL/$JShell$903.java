package REPL;

/** As JShell compiles a method declared in a cell: it reads another cell's variable (CellClassReachTest). */
public class $JShell$903 {
    public static int helper() {
        return $JShell$904.deep;
    }
}
