package dev.conclab.executor;

import dev.conclab.kernel.channel.FromExecutor.Completeness;
import dev.conclab.kernel.channel.FromExecutor.Completions;
import dev.conclab.kernel.channel.FromExecutor.Documentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Completion, documentation and completeness checks for code as a person types it. Each answer
 * carries the id of the request it answers, which the kernel matches it by.
 */
final class CodeAssist {
    private static final int DESCRIBED = 12;
    /**
     * How long a completion may spend looking up signatures. JupyterLab drops an answer that takes
     * over a second, and in a JShell that has not completed yet one lookup took 280 ms on a loaded
     * machine (three for {@code System.out.pri}: 0.8 s, after 0.3 s for the suggestions); the
     * signatures left out are looked up after the answer is sent, for the next one.
     */
    private static final long SIGNATURE_BUDGET_NANOS = 300_000_000L;
    private static final int REMEMBERED = 2_000;
    private final SourceCodeAnalysis analysis;
    private final CellSplitter splitter;
    /** Signatures by expression; forgotten when a cell runs, which may redefine what they describe. */
    private final Map<String, String> signatures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final List<Map.Entry<String, Boolean>> leftOut = new ArrayList<>();

    CodeAssist(JShell jshell) {
        this.analysis = jshell.sourceCodeAnalysis();
        this.splitter = new CellSplitter(analysis);
    }

    /**
     * Completions for the identifier that ends at {@code cursor}, each with its kind (method, class,
     * field) and, when there are at most {@value #DESCRIBED} of them, its signature: a signature costs
     * a few milliseconds to look up, and a person waits for the list.
     */
    Completions complete(String requestId, String code, int cursor) {
        long deadline = System.nanoTime() + SIGNATURE_BUDGET_NANOS;
        leftOut.clear();
        int start = snippetStart(code, cursor);
        String typed = code.substring(start, cursor);
        int[] anchor = new int[1];
        Map<String, Boolean> methods = new LinkedHashMap<>();
        for (SourceCodeAnalysis.Suggestion suggestion : analysis.completionSuggestions(typed, typed.length(), anchor)) {
            String text = suggestion.continuation();
            boolean method = text.contains("(");
            methods.merge(method ? text.substring(0, text.indexOf('(')) : text, method, Boolean::logicalOr);
        }
        String before = typed.substring(0, anchor[0]);
        boolean describe = methods.size() <= DESCRIBED;
        List<String> types = new ArrayList<>();
        List<String> signatures = new ArrayList<>();
        methods.forEach((match, method) -> {
            String signature = describe ? signatureWithin(before + match, method, deadline) : "";
            signatures.add(signature);
            types.add(method ? "method" : kindOf(match, signature));
        });
        return new Completions(requestId, List.copyOf(methods.keySet()), types, signatures, start + anchor[0], cursor);
    }

    /** The signature when it is known or there is time to look it up; else "" now, and it is looked up later. */
    private String signatureWithin(String expression, boolean method, long deadline) {
        String key = expression + (method ? "(" : "");
        String known = signatures.get(key);
        if (known != null) {
            return known;
        }
        if (System.nanoTime() - deadline > 0) {
            leftOut.add(Map.entry(expression, method));
            return "";
        }
        String signature = signatureOf(expression, method);
        signatures.put(key, signature);
        return signature;
    }

    /** After an answer is sent: looks up the signatures it left out, so that the next completion has them. */
    void lookUpLeftOut() {
        List<Map.Entry<String, Boolean>> wanted = List.copyOf(leftOut);
        leftOut.clear();
        for (Map.Entry<String, Boolean> each : wanted) {
            signatures.put(each.getKey() + (each.getValue() ? "(" : ""), signatureOf(each.getKey(), each.getValue()));
        }
    }

    /** A cell ran: what it declared may have changed a signature. */
    void forgetSignatures() {
        signatures.clear();
    }

    private String signatureOf(String expression, boolean method) {
        String asked = method ? expression + "(" : expression;
        List<SourceCodeAnalysis.Documentation> found = analysis.documentation(asked, asked.length(), false);
        return found.isEmpty() ? "" : found.get(0).signature();
    }

    private static String kindOf(String match, String signature) {
        if (!signature.isEmpty() && (signature.contains(" ") || !Character.isUpperCase(match.charAt(0)))) {
            return "field";
        }
        return !match.isEmpty() && Character.isUpperCase(match.charAt(0)) ? "class" : "";
    }

    /** Signatures and Javadoc of the identifier at or just before {@code cursor}. */
    Documentation inspect(String requestId, String code, int cursor) {
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
            return new Documentation(requestId, false, "");
        }
        String text = found.stream()
                .map(doc -> doc.signature() + (doc.javadoc() == null || doc.javadoc().isBlank() ? "" : "\n\n" + doc.javadoc().strip()))
                .collect(Collectors.joining("\n\n────────\n\n"));
        return new Documentation(requestId, true, text);
    }

    /** Whether {@code code} is a whole cell: complete, incomplete (with the indent to continue) or invalid. */
    Completeness checkComplete(String requestId, String code) {
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE:
                    return new Completeness(requestId, "incomplete", indentFor(code));
                case UNKNOWN:
                    return new Completeness(requestId, "invalid", "");
                default:
                    break;
            }
            if (info.remaining().length() >= rest.length()) {
                break;
            }
            rest = info.remaining();
        }
        return new Completeness(requestId, "complete", "");
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
