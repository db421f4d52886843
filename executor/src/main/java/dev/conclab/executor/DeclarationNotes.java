package dev.conclab.executor;

import dev.conclab.runtime.internal.cells.NotebookRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.VarSnippet;

/**
 * What a cell says about declarations it leaves waiting or changed, one line each on stderr, as
 * JShell's own tool does. Declarations in one cell may use each other in any order, as in a
 * source file: a declaration is noted only if something it needs is still missing once the whole
 * cell has compiled. An earlier declaration that a new one changed (a variable reset, or one
 * that no longer compiles) is noted too, so that no state vanishes without a word.
 */
final class DeclarationNotes {
    private final JShell jshell;
    private final List<DeclarationSnippet> declared = new ArrayList<>();
    private final Map<String, SnippetEvent> updated = new LinkedHashMap<>();

    DeclarationNotes(JShell jshell) {
        this.jshell = jshell;
    }

    /** The cell declared {@code snippet}. */
    void declared(Snippet snippet) {
        if (snippet instanceof DeclarationSnippet declaration) {
            declared.add(declaration);
        }
    }

    /** Compiling the cell changed the earlier declaration of {@code event}. */
    void updated(SnippetEvent event) {
        if (event.snippet() instanceof DeclarationSnippet && !event.snippet().kind().equals(Snippet.Kind.IMPORT)) {
            updated.put(event.snippet().id(), event);
        }
    }

    /** Prints the notes of the cell that has just compiled, and forgets it. */
    void print() {
        for (DeclarationSnippet declaration : declared) {
            String missing = missing(declaration);
            if (!missing.isEmpty() && jshell.status(declaration).isActive()) {
                NotebookRuntime.err().println("Note: " + what(declaration) + " can be used only once " + missing + " declared.");
            }
        }
        for (SnippetEvent event : updated.values()) {
            if (declared.contains(event.snippet())) {
                continue;
            }
            String note = noteOnChange((DeclarationSnippet) event.snippet(), event);
            if (note != null) {
                NotebookRuntime.err().println(note);
            }
        }
        declared.clear();
        updated.clear();
    }

    private String noteOnChange(DeclarationSnippet declaration, SnippetEvent event) {
        Snippet.Status now = jshell.status(declaration);
        if (event.previousStatus() != Snippet.Status.VALID || now == Snippet.Status.OVERWRITTEN || now == Snippet.Status.DROPPED) {
            return null;
        }
        if (now == Snippet.Status.VALID) {
            return declaration instanceof VarSnippet var
                    ? "Note: variable " + var.name() + " was reset to " + defaultValue(var.typeName()) + ", since a declaration it depends on changed."
                    : null;
        }
        String missing = missing(declaration);
        if (!missing.isEmpty()) {
            return "Note: " + what(declaration) + " can be used only once " + missing + " declared.";
        }
        String error = jshell.diagnostics(declaration).filter(d -> d.isError())
                .map(d -> d.getMessage(Locale.ROOT).lines().findFirst().orElse("")).findFirst().orElse("it no longer compiles");
        return "Note: " + what(declaration) + " can no longer be used: " + error.replaceAll("[;:.]$", "") + ".";
    }

    /** The names {@code declaration} still waits for, as "b() is" or "A, B are"; empty if none. */
    private String missing(DeclarationSnippet declaration) {
        List<String> names = jshell.unresolvedDependencies(declaration).collect(Collectors.toList());
        return names.isEmpty() ? "" : String.join(", ", names) + (names.size() == 1 ? " is" : " are");
    }

    private static String what(DeclarationSnippet declaration) {
        String kind = declaration instanceof VarSnippet ? "variable "
                : declaration instanceof MethodSnippet ? "method "
                : declaration instanceof TypeDeclSnippet ? "class " : "";
        return kind + declaration.name();
    }

    private static String defaultValue(String typeName) {
        return switch (typeName) {
            case "boolean" -> "false";
            case "int", "long", "short", "byte", "char" -> "0";
            case "float", "double" -> "0.0";
            default -> "null";
        };
    }
}
