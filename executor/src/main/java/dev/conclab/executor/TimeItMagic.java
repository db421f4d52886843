package dev.conclab.executor;

import jdk.jshell.JShell;

/**
 * Turns {@code %timeit code} into Java that calls {@code TimeIt.measure}: an expression with a
 * value is kept alive (so that the JIT cannot optimise it away), a statement runs as it is.
 */
final class TimeItMagic {
    private final JShell jshell;

    TimeItMagic(JShell jshell) {
        this.jshell = jshell;
    }

    String javaFor(String code) {
        String source = code.strip();
        while (source.endsWith(";")) {
            source = source.substring(0, source.length() - 1).strip();
        }
        String type = jshell.sourceCodeAnalysis().analyzeType(source, source.length());
        boolean hasValue = type != null && !type.isEmpty() && !type.equals("void");
        String task = hasValue ? "() -> TimeIt.keep(" + source + ")" : "() -> { " + source + "; }";
        return "System.out.println(TimeIt.measure(" + task + "));";
    }
}
