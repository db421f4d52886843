package dev.conclab.executor;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.NavigableMap;
import jdk.jshell.JShell;

/**
 * Keeps JShell's compiler as fast and as small after thousands of cells as after the first few.
 *
 * <p>Two things grow with every cell. JShell keeps every class it compiled in one in-memory
 * package, and javac reads that whole package again for each compilation: after 3,000 one-line
 * cells a cell cost 36 ms of CPU instead of 20. So the classes of snippets no later code can name
 * (a statement once it ran, an expression's hidden value once dropped) are taken out of the
 * compiler's sight; they stay loaded and keep running. And javac's reused contexts keep about
 * 3 KB of dead listeners per cell on the JDK's package scopes, freed only with the context: so
 * the contexts are renewed every {@value #CELLS_PER_CONTEXT} cells, as JShell itself does when
 * the class path changes.
 *
 * <p>JShell has no API for either, so both are reached by reflection (the executor JVM opens
 * {@code jdk.jshell} to us); on a JDK where that fails, cells are only slower and larger.
 */
final class CompilerUpkeep {
    static final int CELLS_PER_CONTEXT = 1_000;

    private final NavigableMap<String, ?> compiled;
    private final Object taskFactory;
    private final Method renewContexts;
    private int cellsSinceRenewal;

    CompilerUpkeep(JShell jshell) {
        Object factory = null;
        NavigableMap<String, ?> classes = null;
        Method renew = null;
        try {
            factory = field(jshell, "taskFactory");
            classes = compiledClassesOf(factory);
            renew = factory.getClass().getDeclaredMethod("initTaskPool");
            renew.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("conclab: JShell's compiler is out of reach (" + e
                    + "); cells will compile a little slower, and take a little more memory, one after the other");
        }
        this.taskFactory = factory;
        this.compiled = classes;
        this.renewContexts = renew;
    }

    /** Forgets {@code wrapperClass} and the classes nested in it (anonymous and local classes). */
    void forget(String wrapperClass) {
        if (compiled != null) {
            compiled.remove(wrapperClass);
            compiled.subMap(wrapperClass + "$", wrapperClass + "$\uffff").clear();
        }
    }

    /** Counts a cell; every {@value #CELLS_PER_CONTEXT} cells, javac starts from fresh contexts. */
    void cellCompiled() {
        if (renewContexts == null || ++cellsSinceRenewal < CELLS_PER_CONTEXT) {
            return;
        }
        cellsSinceRenewal = 0;
        try {
            renewContexts.invoke(taskFactory);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("conclab: could not renew JShell's compiler contexts (" + e + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static NavigableMap<String, ?> compiledClassesOf(Object taskFactory) throws ReflectiveOperationException {
        return (NavigableMap<String, ?>) field(field(taskFactory, "fileManager"), "classObjects");
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }
}
