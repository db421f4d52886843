package dev.conclab.executor;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/** Cuts the code of a cell into the snippets JShell evaluates one at a time. */
final class CellSplitter {

    /**
     * One snippet of a cell.
     *
     * @param source the text JShell evaluates (a missing final semicolon added)
     * @param offset where the snippet starts in the cell, for error positions
     * @param complete false for trailing text that is not a whole snippet yet
     * @param showsValue true when the snippet ends without a semicolon: as in IPython, a final
     *     expression shows its value unless a semicolon ends it
     */
    record Part(String source, int offset, boolean complete, boolean showsValue) {}

    private final SourceCodeAnalysis analysis;

    CellSplitter(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    List<Part> split(String code) {
        List<Part> parts = new ArrayList<>();
        int consumedSoFar = 0;
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            // Incomplete text comes back whole as the remainder: it is the last part.
            String remaining = info.remaining().length() < rest.length() ? info.remaining() : "";
            int consumed = rest.length() - remaining.length();
            String raw = rest.substring(0, consumed);
            Completeness completeness = info.completeness();
            if (completeness != Completeness.EMPTY) {
                boolean whole = completeness.isComplete() && info.source() != null;
                String source = whole ? info.source() : raw.strip();
                boolean showsValue = completeness == Completeness.COMPLETE_WITH_SEMI || !endsWithSemicolon(source);
                parts.add(new Part(source, consumedSoFar + startOf(raw, source), whole, showsValue));
            }
            consumedSoFar += consumed;
            rest = remaining;
        }
        return parts;
    }

    /** Whether the code ends with a semicolon, perhaps followed by blanks and comments. */
    static boolean endsWithSemicolon(String code) {
        int semicolon = code.lastIndexOf(';');
        return semicolon >= 0 && ONLY_COMMENTS.matcher(code.substring(semicolon + 1)).matches();
    }

    private static final java.util.regex.Pattern ONLY_COMMENTS =
            java.util.regex.Pattern.compile("(\\s|//[^\\n]*|/\\*.*?\\*/)*", java.util.regex.Pattern.DOTALL);

    /** Where {@code source} starts inside {@code raw}, which may lead with blanks and comments. */
    private static int startOf(String raw, String source) {
        String probe = source.endsWith(";") ? source.substring(0, source.length() - 1) : source;
        int at = probe.isEmpty() ? -1 : raw.indexOf(probe);
        if (at >= 0) {
            return at;
        }
        int firstVisible = 0;
        while (firstVisible < raw.length() && Character.isWhitespace(raw.charAt(firstVisible))) {
            firstVisible++;
        }
        return firstVisible;
    }
}
