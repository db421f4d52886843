package dev.conclab.executor;

import java.util.HashMap;
import java.util.Map;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Remembers which cell and line each snippet came from, and finds the snippet behind a class
 * name in a stack trace, so that errors point at cell lines instead of JShell's wrapper classes.
 */
final class SnippetOrigins {

    /** Where a snippet stands: the cell's {@code In [n]} number and the snippet's offset in the cell. */
    record Origin(int executionCount, int offset, CellText cellText) {}

    /** A place in a cell, as a person reads it. */
    record CellLine(int executionCount, int line) {}

    private final JShell jshell;
    private final SourceCodeAnalysis analysis;
    private final Map<String, Origin> originsById = new HashMap<>();
    private final Map<String, Snippet> snippetsByClass = new HashMap<>();

    SnippetOrigins(JShell jshell) {
        this.jshell = jshell;
        this.analysis = jshell.sourceCodeAnalysis();
    }

    void record(Snippet snippet, Origin origin) {
        originsById.put(snippet.id(), origin);
    }

    Origin originOf(Snippet snippet) {
        return originsById.get(snippet.id());
    }

    /**
     * The cell line of line {@code wrappedLine} of the class {@code className}, or null when the
     * class is not one of a cell's snippets.
     */
    CellLine locate(String className, int wrappedLine) {
        Snippet snippet = snippetOfClass(className);
        Origin origin = snippet == null ? null : originsById.get(snippet.id());
        if (origin == null) {
            return null;
        }
        int sourceIndex = sourceIndexOfLine(snippet, wrappedLine);
        return new CellLine(origin.executionCount(), origin.cellText().lineOf(origin.offset() + Math.max(0, sourceIndex)));
    }

    private int sourceIndexOfLine(Snippet snippet, int wrappedLine) {
        try {
            SourceCodeAnalysis.SnippetWrapper wrapper = analysis.wrapper(snippet);
            String wrapped = wrapper.wrapped();
            int at = 0;
            for (int line = 1; line < wrappedLine && at >= 0; line++) {
                at = wrapped.indexOf('\n', at) + 1;
                if (at == 0) {
                    return 0;
                }
            }
            while (at < wrapped.length() && wrapped.charAt(at) == ' ') {
                at++;
            }
            return wrapper.wrappedToSourcePosition(at);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private Snippet snippetOfClass(String className) {
        Snippet known = snippetsByClass.get(className);
        if (known != null) {
            return known;
        }
        // A snippet gets a new class each time it is recompiled, so look at all of them again;
        // this runs only while a failure is being reported.
        for (Snippet snippet : (Iterable<Snippet>) jshell.snippets()::iterator) {
            if (snippet.kind() == Snippet.Kind.IMPORT || snippet.kind() == Snippet.Kind.ERRONEOUS) {
                continue;
            }
            try {
                snippetsByClass.put(analysis.wrapper(snippet).fullClassName(), snippet);
            } catch (RuntimeException e) {
                // A snippet that never compiled has no class; nothing can point at it.
            }
        }
        return snippetsByClass.get(className);
    }
}
