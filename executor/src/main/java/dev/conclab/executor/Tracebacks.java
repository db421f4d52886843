package dev.conclab.executor;

import dev.conclab.executor.agent.CellHooks;
import dev.conclab.kernel.channel.FromExecutor.Failed;
import dev.conclab.runtime.internal.cells.ProgramExit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/** Turns compile errors and exceptions into the error a cell shows, in cell lines and columns. */
final class Tracebacks {
    private static final String RED = "\u001b[0;31m";
    private static final String BOLD_RED = "\u001b[1;31m";
    private static final String GREEN = "\u001b[0;32m";
    private static final String RESET = "\u001b[0m";
    private static final int MOST_FRAMES = 30;

    private final JShell jshell;
    private final SnippetOrigins origins;

    Tracebacks(JShell jshell, SnippetOrigins origins) {
        this.jshell = jshell;
        this.origins = origins;
    }

    /** The error of a snippet javac rejected: each error with its line, column and a caret. */
    Failed compileError(Snippet snippet, SnippetOrigins.Origin origin) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag diag : (Iterable<Diag>) jshell.diagnostics(snippet)::iterator) {
            if (!diag.isError()) {
                continue;
            }
            String message = readable(diag.getMessage(Locale.ROOT));
            int offset = origin.offset() + (int) Math.max(0, diag.getStartPosition());
            CellText text = origin.cellText();
            int line = text.lineOf(offset);
            int column = text.columnOf(offset);
            if (first == null) {
                first = message.lines().findFirst().orElse(message) + " (line " + line + ", column " + column + ")";
            }
            lines.add(BOLD_RED + "In [" + origin.executionCount() + "], line " + line + ", column " + column + ": "
                    + RESET + message);
            lines.add("    " + text.line(line));
            lines.add("    " + " ".repeat(Math.max(0, column - 1)) + GREEN + "^" + RESET);
        }
        if (first == null) {
            first = "the code is not valid Java";
            lines.add(BOLD_RED + "In [" + origin.executionCount() + "]: " + RESET + first);
        }
        return new Failed("CompilationError", first, lines);
    }

    /** The error of an exception thrown by cell code, its frames trimmed to the user's code. */
    Failed exception(Throwable thrown) {
        List<String> lines = new ArrayList<>();
        describe(thrown, "", lines, 0);
        String message = thrown.getMessage() == null ? "" : thrown.getMessage();
        return new Failed(CellHooks.notebookClassName(thrown.getClass()), message, lines);
    }

    /** The error of a cell whose code called {@code System.exit} with a status other than 0. */
    Failed programExit(ProgramExit exit) {
        List<String> lines = new ArrayList<>();
        lines.add(BOLD_RED + "System.exit(" + exit.status() + ")" + RESET + ": the program ended with exit status "
                + exit.status() + "; what this cell started was stopped, and the notebook's definitions are kept.");
        StackTraceElement[] frames = exit.getStackTrace();
        for (int i = 0; i < frames.length && isCellFrame(frames[i]); i++) {
            lines.add("\tat " + frame(frames[i]));
        }
        return new Failed("SystemExit", "exit status " + exit.status(), lines);
    }

    /**
     * What the JDK's default handler prints for {@code thread}, dead of {@code thrown}, with the
     * frames of cells in cell lines; plain text, since it goes where the program's stderr goes.
     */
    String uncaught(Thread thread, Throwable thrown) {
        List<String> lines = new ArrayList<>();
        describe(thrown, "", lines, 0);
        String text = "Exception in thread \"" + thread.getName() + "\" " + String.join("\n", lines) + "\n";
        return text.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    /** What the JDK's default handler prints, word for word: when the cell lines cannot be had. */
    static String uncaughtAsTheJdkPrintsIt(Thread thread, Throwable thrown) {
        java.io.StringWriter trace = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(trace));
        return "Exception in thread \"" + thread.getName() + "\" " + trace;
    }

    private void describe(Throwable thrown, String prefix, List<String> lines, int depth) {
        lines.add(BOLD_RED + prefix + CellHooks.notebookClassName(thrown.getClass()) + RESET
                + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()));
        StackTraceElement[] frames = thrown.getStackTrace();
        int lastUserFrame = -1;
        for (int i = 0; i < frames.length; i++) {
            if (isCellFrame(frames[i])) {
                lastUserFrame = i;
            }
        }
        int end = lastUserFrame >= 0 ? lastUserFrame + 1 : Math.min(frames.length, 5);
        for (int i = 0; i < Math.min(end, MOST_FRAMES); i++) {
            lines.add("\tat " + frame(frames[i]));
        }
        if (end > MOST_FRAMES) {
            lines.add("\t... " + (end - MOST_FRAMES) + " more frames like these");
        }
        Throwable cause = thrown.getCause();
        if (cause != null && cause != thrown && depth < 10) {
            describe(cause, "Caused by: ", lines, depth + 1);
        }
    }

    private static boolean isCellFrame(StackTraceElement frame) {
        return frame.getClassName().startsWith("REPL.");
    }

    /** One stack frame as the error shows it: cell frames by cell and line, others as Java prints them. */
    String frame(StackTraceElement frame) {
        if (!isCellFrame(frame)) {
            return frame.toString();
        }
        SnippetOrigins.CellLine at = origins.locate(frame.getClassName(), frame.getLineNumber());
        String where = at == null ? "a cell" : "In [" + at.executionCount() + "], line " + at.line();
        return RED + readableMethod(frame.getMethodName()) + RESET + "(" + where + ")";
    }

    /** Names JShell's generated methods for what they are in the cell. */
    private static String readableMethod(String method) {
        if (method.equals("do_it$")) {
            return "<cell>";
        }
        if (method.startsWith("lambda$")) {
            String[] parts = method.split("\\$");
            String enclosing = parts.length > 1 && !parts[1].equals("do_it") ? parts[1] : "cell";
            return "<lambda in " + enclosing + ">";
        }
        return method;
    }

    /** javac's message without the lines that describe JShell's wrapper classes. */
    private static String readable(String message) {
        return message.lines()
                .filter(line -> !line.strip().startsWith("location: class"))
                .map(line -> line.replaceAll("REPL\\.\\$JShell\\$\\w+\\.", ""))
                .collect(Collectors.joining("\n"));
    }
}
