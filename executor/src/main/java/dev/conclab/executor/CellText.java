package dev.conclab.executor;

/** Line and column arithmetic on the code of one cell, in the terms a person reads. */
final class CellText {
    private final String code;

    CellText(String code) {
        this.code = code;
    }

    /** The 1-based line of UTF-16 offset {@code offset}. */
    int lineOf(int offset) {
        int line = 1;
        int end = Math.min(offset, code.length());
        for (int i = 0; i < end; i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The 1-based column, in Unicode code points, of {@code offset} within its line. */
    int columnOf(int offset) {
        int end = Math.min(offset, code.length());
        int lineStart = code.lastIndexOf('\n', end - 1) + 1;
        return code.codePointCount(lineStart, end) + 1;
    }

    /** The text of the 1-based line {@code line}, without its line break. */
    String line(int line) {
        String[] lines = code.split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1].replace("\r", "") : "";
    }
}
