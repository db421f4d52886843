package dev.conclab.runtime.internal.cells;

/**
 * Puts the name of the writing thread, or of the child process whose output a thread copies, at
 * the start of each line: {@code [worker-1] started}.
 */
final class SourceLabels {
    /** Whether the writing thread's next character starts a line. */
    private final ThreadLocal<Boolean> atLineStart = ThreadLocal.withInitial(() -> Boolean.TRUE);

    String label(String text) {
        String label = "[" + sourceName(Thread.currentThread().getName()) + "] ";
        StringBuilder out = new StringBuilder(text.length() + label.length());
        boolean lineStart = atLineStart.get();
        for (int i = 0; i < text.length(); i++) {
            if (lineStart) {
                out.append(label);
            }
            char c = text.charAt(i);
            out.append(c);
            lineStart = c == '\n';
        }
        atLineStart.set(lineStart);
        return out.toString();
    }

    /** The threads that copy a child's output are named "conclab-NAME-stdout" (or -stderr, -output). */
    static String sourceName(String threadName) {
        if (!threadName.startsWith("conclab-")) {
            return threadName;
        }
        String name = threadName.substring("conclab-".length());
        for (String suffix : new String[] {"-stdout", "-stderr", "-output"}) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }
}
