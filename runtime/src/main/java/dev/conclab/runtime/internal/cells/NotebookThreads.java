package dev.conclab.runtime.internal.cells;

/**
 * Tells the threads of the notebook's experiments from the JVM's and the kernel's own: cells run
 * in a {@link NotebookThreadGroup}, and the platform threads (and pools) they start inherit it;
 * virtual threads (JDK 21+) all share one group of the JDK's, and only notebooks start them; the
 * JVM and the kernel live in the JVM's own groups and name their threads "conclab-".
 */
public final class NotebookThreads {
    private NotebookThreads() {}

    /** Whether {@code thread} does the notebook's work. */
    public static boolean isNotebooks(Thread thread) {
        // JFR's stream thread (Timeline's contention recording) is born in the cell's group, but is the JDK's.
        if (thread == null || thread.getName().startsWith("conclab-") || thread.getName().startsWith("JFR ")) {
            return false;
        }
        return NotebookThreadGroup.isNotebooks(thread.getThreadGroup()) || thread.getName().startsWith("ForkJoinPool")
                || thread.getClass().getName().equals("java.lang.VirtualThread");
    }
}
