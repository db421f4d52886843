package dev.conclab.runtime.display;

import java.lang.reflect.Array;

/** Writes values the way JShell shows them: strings quoted, characters in single quotes, arrays listed. */
public final class PlainText {
    private PlainText() {}

    /** The plain-text form of {@code value}. */
    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return quote(s, '"');
        }
        if (value instanceof Character c) {
            return quote(String.valueOf(c), '\'');
        }
        if (value.getClass().isArray()) {
            return array(value);
        }
        return String.valueOf(value);
    }

    private static String array(Object array) {
        int length = Array.getLength(array);
        StringBuilder out = new StringBuilder();
        out.append(array.getClass().getComponentType().getSimpleName()).append('[').append(length).append("] { ");
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(of(Array.get(array, i)));
        }
        return out.append(length > 0 ? " }" : "}").toString();
    }

    private static String quote(String s, char quote) {
        StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c == quote) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.append(quote).toString();
    }
}
