package dev.conclab.runtime.races;

import java.io.Serializable;
import java.util.Objects;

/**
 * One step of an interleaving: what one thread did, in the order the schedule ran it.
 *
 * @param thread the thread's column, 0 for the first
 * @param depth  how deep in calls the step is, 0 for the operation itself
 * @param kind   what the step is
 * @param text   the step as Lincheck shows it, as {@code count ➜ 0} (a read) or {@code count = 1} (a write)
 */
public record Step(int thread, int depth, Kind kind, String text) implements Serializable {
    /** What a step is. */
    public enum Kind { CALL, READ, WRITE, SWITCH, OTHER }

    public Step {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /** The value read or written ({@code "0"} for {@code count ➜ 0}), or empty for other steps. */
    public String value() {
        String separator = kind == Kind.READ ? " ➜ " : kind == Kind.WRITE ? " = " : null;
        int at = separator == null ? -1 : text.lastIndexOf(separator);
        return at < 0 ? "" : text.substring(at + separator.length());
    }

    /** The field read or written ({@code "count"} for {@code Counter#1.count ➜ 0}), or empty for other steps. */
    public String field() {
        String separator = kind == Kind.READ ? " ➜ " : kind == Kind.WRITE ? " = " : null;
        int at = separator == null ? -1 : text.lastIndexOf(separator);
        if (at < 0) {
            return "";
        }
        String target = text.substring(0, at);
        return target.substring(target.lastIndexOf('.') + 1);
    }
}
