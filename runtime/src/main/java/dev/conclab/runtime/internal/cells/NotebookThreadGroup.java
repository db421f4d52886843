package dev.conclab.runtime.internal.cells;


/**
 * The thread group of the notebook's code. It is named "main", as the group of a program's main
 * thread is under {@code java}, and the threads a cell starts inherit it, so that they print as
 * {@code Thread[Thread-0,5,main]} and a program that looks at its groups sees what a book shows.
 *
 * <p>A thread that dies of an exception goes, as under {@code java}, to its own handler, else to
 * the default handler the notebook set, else it is reported as the JDK's default handler reports
 * it, by {@code report}. A {@code ThreadDeath} (the kernel stopping a cell) and a
 * {@link ProgramExit} (the thread called {@code System.exit}) are not reported.
 */
public final class NotebookThreadGroup extends ThreadGroup {
    private final Thread.UncaughtExceptionHandler report;

    public NotebookThreadGroup(ThreadGroup parent, Thread.UncaughtExceptionHandler report) {
        super(parent, "main");
        this.report = report;
    }

    /** Whether {@code group} is a notebook's group or a group made inside one. */
    public static boolean isNotebooks(ThreadGroup group) {
        for (ThreadGroup each = group; each != null; each = each.getParent()) {
            if (each instanceof NotebookThreadGroup) {
                return true;
            }
        }
        return false;
    }

    @Override
    @SuppressWarnings("removal")
    public void uncaughtException(Thread thread, Throwable thrown) {
        if (thrown instanceof ThreadDeath || thrown instanceof ProgramExit) {
            return;
        }
        Thread.UncaughtExceptionHandler notebooks = Thread.getDefaultUncaughtExceptionHandler();
        (notebooks != null ? notebooks : report).uncaughtException(thread, thrown);
    }

    /** As the JDK's own group prints itself. */
    @Override
    public String toString() {
        return ThreadGroup.class.getName() + "[name=" + getName() + ",maxpri=" + getMaxPriority() + "]";
    }
}
