package dev.conclab.kernel.core;

/** Converts cursor positions between Jupyter's Unicode code points and Java's UTF-16 offsets. */
final class CodePoints {
    private CodePoints() {}

    static int toUtf16(String text, int codePoints) {
        int clamped = Math.max(0, Math.min(codePoints, text.codePointCount(0, text.length())));
        return text.offsetByCodePoints(0, clamped);
    }

    static int fromUtf16(String text, int utf16) {
        return text.codePointCount(0, Math.max(0, Math.min(utf16, text.length())));
    }
}
