package dev.conclab.kernel.core;

import dev.conclab.kernel.protocol.Replies;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Whether Java code is a whole cell, judged by its brackets, strings and comments alone: the
 * answer to is_complete while the executor, which asks JShell, is still starting. jupyter console
 * waits one second for its first answer and, without one, never asks the kernel again.
 */
final class BracketCompleteness {
    private static final String INDENT = "    ";

    private BracketCompleteness() {}

    static Replies.IsComplete of(String code) {
        Deque<Character> open = new ArrayDeque<>();
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (code.startsWith("//", i)) {
                int end = code.indexOf('\n', i);
                i = end < 0 ? code.length() : end;
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                if (end < 0) {
                    return incomplete(open.size());
                }
                i = end + 2;
            } else if (code.startsWith("\"\"\"", i)) {
                int end = code.indexOf("\"\"\"", i + 3);
                if (end < 0) {
                    return incomplete(open.size());
                }
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                i = endOfLiteral(code, i);
                if (i < 0) {
                    return new Replies.IsComplete("invalid", null);
                }
            } else {
                if (c == '(' || c == '[' || c == '{') {
                    open.push(c);
                } else if (c == ')' || c == ']' || c == '}') {
                    if (open.isEmpty() || open.pop() != opening(c)) {
                        return new Replies.IsComplete("invalid", null);
                    }
                }
                i++;
            }
        }
        return open.isEmpty() ? new Replies.IsComplete("complete", null) : incomplete(open.size());
    }

    /** The index after a string or char literal starting at {@code start}, or -1 if the line ends first. */
    private static int endOfLiteral(String code, int start) {
        char quote = code.charAt(start);
        for (int i = start + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            } else if (c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    private static char opening(char closing) {
        return closing == ')' ? '(' : closing == ']' ? '[' : '{';
    }

    private static Replies.IsComplete incomplete(int depth) {
        return new Replies.IsComplete("incomplete", INDENT.repeat(Math.max(1, depth)));
    }
}
