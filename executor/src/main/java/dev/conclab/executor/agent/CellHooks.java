package dev.conclab.executor.agent;

import java.util.concurrent.FutureTask;

/**
 * What the calls woven into the JDK's executors and tasks do: a task remembers the cell that
 * created it, and whoever runs it runs it on behalf of that cell.
 *
 * <p>The one static field exists because the woven JDK code can only reach static members; it
 * is set once, when the executor starts. Every hook swallows its own failures, because it runs
 * inside the JDK's scheduling code, where an exception would break the user's pool instead of
 * misrouting a line of output.
 */
public final class CellHooks {
    private static volatile CellContext context;
    private static final String JSHELL_WRAPPER = "REPL.$JShell$";

    private CellHooks() {}

    /** Connects the hooks to the executor's cells. */
    public static void install(CellContext cells) {
        context = cells;
    }

    /** The current thread's cell, kept by a task when it is created. */
    static Object capture() {
        CellContext cells = context;
        if (cells == null) {
            return null;
        }
        try {
            return cells.capture();
        } catch (Throwable t) {
            return null;
        }
    }

    /** Called as a task starts to run: the thread works for the task's cell. */
    static Object enter(Object cell) {
        CellContext cells = context;
        if (cells == null || cell == null) {
            return null;
        }
        try {
            return cells.enter(cell);
        } catch (Throwable t) {
            return null;
        }
    }

    /** Called as a task ends: the thread works for its own cell again. */
    static void exit(Object previous) {
        CellContext cells = context;
        if (cells == null) {
            return;
        }
        try {
            cells.exit(previous);
        } catch (Throwable t) {
            // Nothing to undo: the next task sets its cell again.
        }
    }

    /**
     * Called as a thread starts or a pool is made: the cell that started it can stop it. A
     * {@link StartRefused} stops the thread from starting.
     */
    static void started(Object threadOrPool) {
        CellContext cells = context;
        if (cells == null) {
            return;
        }
        try {
            cells.started(threadOrPool);
        } catch (StartRefused refused) {
            throw refused;
        } catch (Throwable t) {
            // The thread runs all the same; only Cells.stop will not know it.
        }
    }

    /**
     * Called as {@code Runtime.exit} starts: notebook code ends its program, not the executor,
     * so the hook throws what the executor says instead of letting the JVM exit.
     */
    static void systemExit(int status) {
        CellContext cells = context;
        if (cells == null) {
            return;
        }
        Error instead;
        try {
            instead = cells.exitCalled(status);
        } catch (Throwable t) {
            return; // the JVM exits, as it would without the kernel
        }
        if (instead != null) {
            throw instead;
        }
    }

    /** Called as {@code Runtime.halt(status)} starts; the JVM halts whatever happens here. */
    static void halting(int status) {
        CellContext cells = context;
        if (cells == null) {
            return;
        }
        try {
            cells.halting(status);
        } catch (Throwable t) {
            // The output written last is lost, as it would be anyway.
        }
    }

    /** What woven {@code toString} methods call instead of {@code Class.getName}. */
    static Object className(Object type) {
        return notebookClassName((Class<?>) type);
    }

    /** JShell nests a notebook's classes in wrappers ({@code REPL.$JShell$24$Task}); java says {@code Task}. */
    public static String notebookClassName(Class<?> type) {
        String name = type.getName();
        if (!name.startsWith(JSHELL_WRAPPER)) {
            return name;
        }
        int end = name.indexOf('$', JSHELL_WRAPPER.length());
        return end < 0 ? name : name.substring(end + 1);
    }

    /**
     * Binds a plain {@code Runnable} handed to a thread pool to the submitting cell. A
     * {@code FutureTask} needs no wrapper: it keeps its cell itself.
     */
    static Object bind(Object task) {
        if (!(task instanceof Runnable runnable) || task instanceof FutureTask || task instanceof CellBoundRunnable) {
            return task;
        }
        Object cell = capture();
        return cell == null ? task : new CellBoundRunnable(runnable, cell);
    }

    /** A task handed to a thread pool, run on behalf of the cell that handed it over. */
    record CellBoundRunnable(Runnable task, Object cell) implements Runnable {
        @Override
        public void run() {
            Object previous = enter(cell);
            try {
                task.run();
            } finally {
                exit(previous);
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }
}
