package dev.conclab.executor;

import dev.conclab.runtime.internal.cells.NotebookRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * Classes and methods that wait for a name a later cell declares. JShell defers most such
 * declarations itself, but rejects one whose missing name also causes a second error (a
 * {@code catch (InterruptedException e)} around a call into a class not declared yet: the
 * exception "is never thrown"). {@code javac} compiles a program's files in any order, so such a
 * declaration is kept and compiled again by itself when a cell declares what it waits for; a
 * cell that ends with it still waiting says so, once.
 */
final class WaitingDeclarations {
    /** javac's errors that a missing name causes, by their diagnostic codes. */
    private static final Pattern UNRESOLVED = Pattern.compile("compiler\\.err\\.cant\\.resolve.*");
    private static final Set<String> CONSEQUENCES = Set.of("compiler.err.except.never.thrown.in.try");
    private static final Pattern SYMBOL = Pattern.compile("symbol:\\s+(?:class|variable|method|interface)\\s+([\\w$]+)");

    /** A declaration's source, the names it waits for, where it came from, and whether the user knows. */
    private record Waiting(String kindAndName, String source, Set<String> names, SnippetOrigins.Origin origin, boolean announced) {}

    private final JShell jshell;
    private final SnippetOrigins origins;
    private List<Waiting> waiting = new ArrayList<>();

    WaitingDeclarations(JShell jshell, SnippetOrigins origins) {
        this.jshell = jshell;
        this.origins = origins;
    }

    /**
     * Keeps the rejected {@code snippet} when all it lacks is names not declared yet; returns
     * whether it was kept (else its errors are the cell's).
     */
    boolean keepIfWaiting(Snippet snippet, SnippetOrigins.Origin origin) {
        return keep(snippet, origin, false, waiting);
    }

    private boolean keep(Snippet snippet, SnippetOrigins.Origin origin, boolean announced, List<Waiting> into) {
        Set<String> names = missingNames(snippet);
        if (names.isEmpty() || !(snippet.kind() == Snippet.Kind.TYPE_DECL || snippet.kind() == Snippet.Kind.METHOD)) {
            return false;
        }
        into.add(new Waiting(nameOf(snippet), snippet.source(), names, origin, announced));
        return true;
    }

    /**
     * At the end of a cell's compilation: compiles again each waiting declaration whose names now
     * exist, and notes the ones that still wait, or fail, once each.
     */
    void retry() {
        if (waiting.isEmpty()) {
            return; // the usual case: no walk over every declaration on each cell's path
        }
        Set<String> declared = declaredNames();
        List<Waiting> still = new ArrayList<>();
        for (Waiting entry : waiting) {
            if (entry.names().stream().noneMatch(declared::contains)) {
                still.add(entry);
                continue;
            }
            for (SnippetEvent event : jshell.eval(entry.source())) {
                if (event.causeSnippet() != null) {
                    continue;
                }
                origins.record(event.snippet(), entry.origin());
                if (event.status() == Snippet.Status.REJECTED && !keep(event.snippet(), entry.origin(), entry.announced(), still)) {
                    String error = jshell.diagnostics(event.snippet()).filter(Diag::isError)
                            .map(d -> d.getMessage(Locale.ROOT).lines().findFirst().orElse("")).findFirst().orElse("");
                    NotebookRuntime.err().println("Note: " + entry.kindAndName() + " from In [" + entry.origin().executionCount()
                            + "] does not compile: " + error);
                }
            }
        }
        waiting = new ArrayList<>();
        for (Waiting entry : still) {
            if (!entry.announced()) {
                NotebookRuntime.err().println("Note: " + entry.kindAndName() + " waits for " + String.join(", ", entry.names())
                        + "; it is defined as soon as a cell declares " + (entry.names().size() == 1 ? "it." : "them."));
            }
            waiting.add(new Waiting(entry.kindAndName(), entry.source(), entry.names(), entry.origin(), true));
        }
    }

    /** The names a rejected snippet lacks, when a missing name explains every error; else none. */
    private Set<String> missingNames(Snippet snippet) {
        List<Diag> errors = jshell.diagnostics(snippet).filter(Diag::isError).toList();
        boolean onlyMissingNames = !errors.isEmpty()
                && errors.stream().anyMatch(d -> UNRESOLVED.matcher(d.getCode()).matches())
                && errors.stream().allMatch(d -> UNRESOLVED.matcher(d.getCode()).matches() || CONSEQUENCES.contains(d.getCode()));
        if (!onlyMissingNames) {
            return Set.of();
        }
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Diag error : errors) {
            Matcher symbol = SYMBOL.matcher(error.getMessage(Locale.ROOT));
            if (symbol.find()) {
                names.add(symbol.group(1));
            }
        }
        return names;
    }

    private Set<String> declaredNames() {
        return Stream.of(jshell.types(), jshell.methods(), jshell.variables())
                .flatMap(declarations -> declarations)
                .filter(d -> jshell.status(d) == Snippet.Status.VALID)
                .map(d -> d.name())
                .collect(Collectors.toSet());
    }

    private static String nameOf(Snippet snippet) {
        return snippet instanceof jdk.jshell.DeclarationSnippet d
                ? (snippet.kind() == Snippet.Kind.METHOD ? "method " : "class ") + d.name() : "a declaration";
    }
}
