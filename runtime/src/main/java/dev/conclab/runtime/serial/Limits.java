package dev.conclab.runtime.serial;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How big one object read from another process may be: how deeply nested, how many objects and
 * references, how long its longest array, how many bytes. Counted per top-level object, also on a
 * stream that carries one object after another for as long as a kernel lives.
 *
 * <p>The defaults fit what a course sends (a list of a million records, a 100-deep tree); a
 * notebook raises one with an entry of {@value SerialFilter#PROPERTY} in JEP 290's syntax, such as
 * {@code maxdepth=400}. (Much deeper than that, reading overflows a thread's stack anyway:
 * ObjectInputStream recurses for each level.)
 */
record Limits(long depth, long references, long arrayLength, long bytes) {
    static final Limits DEFAULT = new Limits(100, 10_000_000, 100_000_000, 1L << 30);
    private static final Pattern ENTRY = Pattern.compile("\\s*max(depth|refs|array|bytes)\\s*=\\s*(\\d+)\\s*");

    /** The defaults, with any {@code maxdepth=}, {@code maxrefs=}, {@code maxarray=}, {@code maxbytes=} of {@code pattern} instead. */
    static Limits from(String pattern) {
        Limits limits = DEFAULT;
        for (String entry : pattern.split(";")) {
            Matcher matcher = ENTRY.matcher(entry);
            if (matcher.matches()) {
                long value = Long.parseLong(matcher.group(2));
                limits = switch (matcher.group(1)) {
                    case "depth" -> new Limits(value, limits.references, limits.arrayLength, limits.bytes);
                    case "refs" -> new Limits(limits.depth, value, limits.arrayLength, limits.bytes);
                    case "array" -> new Limits(limits.depth, limits.references, value, limits.bytes);
                    default -> new Limits(limits.depth, limits.references, limits.arrayLength, value);
                };
            }
        }
        return limits;
    }

    /** The entry that raises the limit {@code exceeded} names fourfold, such as {@code maxdepth=400}. */
    String raised(String exceeded) {
        String limit = exceeded.substring(exceeded.lastIndexOf('(') + 1, exceeded.lastIndexOf(')'));
        long now = switch (limit) {
            case "maxdepth" -> depth;
            case "maxrefs" -> references;
            case "maxarray" -> arrayLength;
            default -> bytes;
        };
        return limit + "=" + now * 4;
    }

    /** What of {@code depth}, {@code references}, {@code array}, {@code bytes} is over a limit, or null. */
    String exceeded(long depthNow, long referencesNow, long array, long bytesNow) {
        if (depthNow > depth) {
            return "it is nested more than " + depth + " objects deep (maxdepth)";
        }
        if (referencesNow > references) {
            return "it holds more than " + references + " objects and references (maxrefs)";
        }
        if (array > arrayLength) {
            return "it holds an array of " + array + " elements, more than " + arrayLength + " (maxarray)";
        }
        if (bytesNow > bytes) {
            return "it takes more than " + bytes + " bytes (maxbytes)";
        }
        return null;
    }
}
