package dev.conclab.executor;

import java.lang.reflect.Method;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Holds back JShell's class-path indexing until the notebook's first cell has answered or code
 * completion is first asked for.
 *
 * <p>As soon as a JShell's {@code SourceCodeAnalysis} exists, JShell indexes every class on its
 * class path, the JDK's ~27,000 included, on a thread of its own. At start that thread ran beside
 * the default imports and the first cell: ~0.1 s of CPU on a machine whose 2 cores the kernel and
 * the executor already keep busy until the first result, and it holds the JDK image reader's lock
 * that javac reads the imported packages through (docs/benchmarks.md). Only code completion reads
 * the index ({@link ClassNameIndexTrim}), and until indexing ends it offers what is indexed so far,
 * as before. JShell pauses indexing itself the same way while it completes
 * ({@code suspendIndexing}/{@code resumeIndexing}, between one class-path entry and the next), but
 * has no API for it, so it is reached by reflection (the executor JVM opens {@code jdk.jshell} to
 * us); where that fails, indexing runs at once, as before.
 */
final class IndexingPause {
    private final SourceCodeAnalysis analysis;
    private final Method resume;
    private boolean held;

    private IndexingPause(SourceCodeAnalysis analysis, Method resume, boolean held) {
        this.analysis = analysis;
        this.resume = resume;
        this.held = held;
    }

    /** Makes {@code jshell}'s analysis, which starts the indexing, and pauses it at once. */
    static IndexingPause hold(JShell jshell) {
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        try {
            Method suspend = analysis.getClass().getMethod("suspendIndexing");
            Method resume = analysis.getClass().getMethod("resumeIndexing");
            suspend.setAccessible(true);
            resume.setAccessible(true);
            suspend.invoke(analysis);
            return new IndexingPause(analysis, resume, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Out of reach on this JDK: the index is built at once, which costs start-up time only.
            return new IndexingPause(analysis, null, false);
        }
    }

    /** Lets the indexing go on; only the first call does anything. */
    synchronized void release() {
        if (!held) {
            return;
        }
        held = false;
        try {
            resume.invoke(analysis);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Cannot happen once suspendIndexing was reached; if it did, completion would offer
            // no class names from the index, and nothing else depends on it.
        }
    }
}
