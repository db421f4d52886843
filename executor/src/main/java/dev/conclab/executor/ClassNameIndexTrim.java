package dev.conclab.executor;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Drops the part of JShell's class-path index that nothing here reads: about 10 MB of live heap
 * in every executor.
 *
 * <p>JShell indexes every class on its class path in the background, the JDK's ~27,000 included,
 * by simple name, for {@code SourceCodeAnalysis.listQualifiedNames} (jshell's "fix imports"
 * shortcut). The kernel never calls it. The same index also lists the packages, which code
 * completion reads (completing {@code java.util.con}), so those are kept: only the name map is
 * emptied. Indexing runs again when the class path changes ({@code %maven}, {@code %classpath}), on
 * JShell's one indexer thread; the trim is queued on that same thread after each cell, so it
 * always follows an indexing the cell caused, and is a no-op otherwise.
 *
 * <p>JShell has no API for this, so it is reached by reflection (the executor JVM opens
 * {@code jdk.jshell} to us); on a JDK where that fails, the executor only keeps the index.
 */
final class ClassNameIndexTrim {
    private final ExecutorService indexer;
    private final Map<?, ?> allIndexes;
    private final Map<?, ?> currentIndexes;
    private final Field names;

    ClassNameIndexTrim(JShell jshell) {
        ExecutorService thread = null;
        Map<?, ?> all = null;
        Map<?, ?> current = null;
        Field nameMap = null;
        try {
            SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
            Class<?> type = analysis.getClass();
            thread = (ExecutorService) staticField(type, "INDEXER");
            all = (Map<?, ?>) staticField(type, "PATH_TO_INDEX");
            Field currentField = type.getDeclaredField("currentIndexes");
            currentField.setAccessible(true);
            current = (Map<?, ?>) currentField.get(analysis);
            nameMap = Class.forName(type.getName() + "$ClassIndex").getDeclaredField("classSimpleName2FQN");
            nameMap.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Out of reach on this JDK: the index stays, which costs memory and nothing else.
            thread = null;
        }
        this.indexer = thread;
        this.allIndexes = all;
        this.currentIndexes = current;
        this.names = nameMap;
    }

    /** Queues the trim behind any indexing already queued; returns at once. */
    void afterCell() {
        if (indexer == null) {
            return;
        }
        try {
            indexer.execute(this::trim);
        } catch (RejectedExecutionException e) {
            // JShell's indexer pool never shuts down; if one ever does, there is nothing to trim.
        }
    }

    /** On the indexer thread, which alone writes the indexes; readers hold {@code currentIndexes}. */
    private void trim() {
        synchronized (currentIndexes) {
            for (Object index : allIndexes.values()) {
                emptyNames(index);
            }
            for (Object index : currentIndexes.values()) {
                emptyNames(index);
            }
        }
    }

    private void emptyNames(Object index) {
        try {
            Map<?, ?> byName = (Map<?, ?>) names.get(index);
            if (!byName.isEmpty()) {
                byName.clear();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // An index of another shape: keep it.
        }
    }

    private static Object staticField(Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }
}
