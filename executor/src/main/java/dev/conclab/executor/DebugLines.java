package dev.conclab.executor;

import dev.conclab.kernel.channel.FromExecutor.SnippetClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;

/**
 * What a debugger needs to put a breakpoint on a cell line: the class each snippet compiled to
 * and the distance between its lines (lines of JShell's wrapped source) and the cell's lines.
 * Nothing is computed until a debug session started: cells cost what they cost without it.
 */
final class DebugLines {
    private final SourceCodeAnalysis analysis;
    private final SnippetOrigins origins;
    /** How long a cell waits for the kernel to set its breakpoints; a kernel that never answers only delays it. */
    private static final long SEEN_WITHIN_SECONDS = 10;
    private volatile boolean wanted;
    private final Map<String, CompletableFuture<Void>> seen = new ConcurrentHashMap<>();

    DebugLines(JShell jshell, SnippetOrigins origins) {
        this.analysis = jshell.sourceCodeAnalysis();
        this.origins = origins;
    }

    /** Wakes the JDWP agent (see {@link DebuggerWanted}); later cells report their classes. */
    void start() {
        if (wanted) {
            return;
        }
        wanted = true;
        try {
            throw new DebuggerWanted();
        } catch (DebuggerWanted expected) {
            // Thrown only for the agent to see.
        }
    }

    boolean wanted() {
        return wanted;
    }

    /** Before a cell's classes are reported: {@link #awaitSeen} waits for the kernel's answer. */
    void expect(String cellId) {
        seen.put(cellId, new CompletableFuture<>());
    }

    /** The kernel set the breakpoints of the cell's classes (from the channel's thread). */
    void seen(String cellId) {
        CompletableFuture<Void> waiting = seen.get(cellId);
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    /** Waits, on the cell thread and bounded, until the kernel has set the cell's breakpoints. */
    void awaitSeen(String cellId) {
        CompletableFuture<Void> waiting = seen.get(cellId);
        try {
            if (waiting != null) {
                waiting.get(SEEN_WITHIN_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The cell runs; a breakpoint in it may be set too late.
        } finally {
            seen.remove(cellId);
        }
    }

    /** The classes of {@code snippets}, which have origins; a snippet without a class is left out. */
    List<SnippetClass> classesOf(List<Snippet> snippets) {
        List<SnippetClass> classes = new ArrayList<>();
        for (Snippet snippet : snippets) {
            SnippetOrigins.Origin origin = origins.originOf(snippet);
            if (origin == null) {
                continue;
            }
            try {
                SourceCodeAnalysis.SnippetWrapper wrapper = analysis.wrapper(snippet);
                classes.add(new SnippetClass(wrapper.fullClassName(), origin.cellText().lineOf(origin.offset()), classLines(wrapper)));
            } catch (RuntimeException e) {
                // A snippet JShell cannot wrap has no class to stop in.
            }
        }
        return classes;
    }

    /** The class line of each line of the snippet's source (its first non-blank character), 0 for a blank line. */
    private static List<Integer> classLines(SourceCodeAnalysis.SnippetWrapper wrapper) {
        String source = wrapper.source();
        String wrapped = wrapper.wrapped();
        List<Integer> lines = new ArrayList<>();
        int at = 0;
        while (true) {
            int end = source.indexOf('\n', at);
            end = end < 0 ? source.length() : end;
            int first = at;
            while (first < end && Character.isWhitespace(source.charAt(first))) {
                first++;
            }
            int position = first < end ? wrapper.sourceToWrappedPosition(first) : -1;
            lines.add(position < 0 ? 0 : lineAt(wrapped, position));
            if (end == source.length()) {
                return lines;
            }
            at = end + 1;
        }
    }

    private static int lineAt(String text, int position) {
        int line = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
