package dev.conclab.runtime.diagnostics;

/**
 * Tells the threads of the notebook's experiments from the JVM's and the kernel's own: cells run
 * in JShell's execution thread groups, and the threads (and pools) they start inherit those;
 * the JVM and the kernel live in the "main", "system" and "InnocuousThreadGroup" groups and name
 * their threads "conclab-".
 */
public final class NotebookThreads {
    private NotebookThreads() {}

    /** Whether {@code thread} does the notebook's work. */
    public static boolean isNotebooks(Thread thread) {
        if (thread == null || thread.getName().startsWith("conclab-")) {
            return false;
        }
        ThreadGroup group = thread.getThreadGroup();
        String groupName = group == null ? "system" : group.getName();
        boolean jvmGroup = groupName.equals("main") || groupName.equals("system") || groupName.equals("InnocuousThreadGroup");
        return !jvmGroup || thread.getName().startsWith("ForkJoinPool");
    }
}
