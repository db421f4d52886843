package dev.conclab.executor;

import dev.conclab.kernel.channel.FromExecutor.Completeness;
import dev.conclab.kernel.channel.FromExecutor.Completions;
import dev.conclab.kernel.channel.FromExecutor.Documentation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

/** Completion, documentation and completeness checks for code as a person types it. */
final class CodeAssist {
    private final SourceCodeAnalysis analysis;
    private final CellSplitter splitter;

    CodeAssist(JShell jshell) {
        this.analysis = jshell.sourceCodeAnalysis();
        this.splitter = new CellSplitter(analysis);
    }

    /** Completions for the identifier that ends at {@code cursor}. */
    Completions complete(String code, int cursor) {
        int start = snippetStart(code, cursor);
        String typed = code.substring(start, cursor);
        int[] anchor = new int[1];
        Set<String> matches = new LinkedHashSet<>();
        List<String> types = new ArrayList<>();
        for (SourceCodeAnalysis.Suggestion suggestion : analysis.completionSuggestions(typed, typed.length(), anchor)) {
            String text = suggestion.continuation();
            boolean method = text.endsWith("(") || text.endsWith("()");
            String name = method ? text.substring(0, text.indexOf('(')) : text;
            if (matches.add(name)) {
                types.add(method ? "method" : "");
            }
        }
        return new Completions(List.copyOf(matches), types, start + anchor[0], cursor);
    }

    /** Signatures and Javadoc of the identifier at or just before {@code cursor}. */
    Documentation inspect(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        int start = snippetStart(code, end);
        String typed = code.substring(start, end);
        List<SourceCodeAnalysis.Documentation> found = analysis.documentation(typed, typed.length(), true);
        if (found.isEmpty()) {
            // JShell documents a method when the cursor stands inside its call: "format(".
            String call = typed + "(";
            found = analysis.documentation(call, call.length(), true);
        }
        if (found.isEmpty()) {
            return new Documentation(false, "");
        }
        String text = found.stream()
                .map(doc -> doc.signature() + (doc.javadoc() == null || doc.javadoc().isBlank() ? "" : "\n\n" + doc.javadoc().strip()))
                .collect(Collectors.joining("\n\n────────\n\n"));
        return new Documentation(true, text);
    }

    /** Whether {@code code} is a whole cell: complete, incomplete (with the indent to continue) or invalid. */
    Completeness checkComplete(String code) {
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE:
                    return new Completeness("incomplete", indentFor(code));
                case UNKNOWN:
                    return new Completeness("invalid", "");
                default:
                    break;
            }
            if (info.remaining().length() >= rest.length()) {
                break;
            }
            rest = info.remaining();
        }
        return new Completeness("complete", "");
    }

    private static String indentFor(String code) {
        int depth = 0;
        for (char c : code.toCharArray()) {
            if (c == '{' || c == '(') {
                depth++;
            } else if ((c == '}' || c == ')') && depth > 0) {
                depth--;
            }
        }
        return "    ".repeat(Math.max(1, depth));
    }

    /** Where the snippet that {@code cursor} is in starts. */
    private int snippetStart(String code, int cursor) {
        List<CellSplitter.Part> parts = splitter.split(code.substring(0, cursor));
        return parts.isEmpty() ? cursor : parts.get(parts.size() - 1).offset();
    }
}
