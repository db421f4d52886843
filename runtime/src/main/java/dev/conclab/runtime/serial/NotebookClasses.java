package dev.conclab.runtime.serial;

/**
 * What a notebook may send between its processes (shared objects, a child's task and result, a
 * pool's tasks, the variables a child gets): the classes the notebook's cells define (JShell puts
 * them all in the package {@code REPL}, in the executor and, from the cell class directory, in
 * children), the runtime's own handles and results, the JDK's values and collections
 * ({@link JdkValues}), the JDK's exceptions (a failure travels back to the caller), and lambdas,
 * which arrive as {@code SerializedLambda} and are rebuilt only by the class that wrote them.
 */
public final class NotebookClasses {
    private NotebookClasses() {}

    public static boolean allows(Class<?> type) {
        String name = type.getName();
        if (name.startsWith("REPL.") || name.startsWith("dev.conclab.runtime.")) {
            return true;
        }
        if (type.getClassLoader() != null) {
            return false;
        }
        return JdkValues.allows(type)
                || name.equals("java.lang.invoke.SerializedLambda")
                || (Throwable.class.isAssignableFrom(type) && name.startsWith("java."));
    }
}
