package dev.conclab.runtime.checks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What {@link Checks#repeat} saw: how many runs gave each result, in the order results first
 * appeared. Printed, it reads {@code 5 runs: 1000 (4), 998 (1)}.
 */
public final class Outcomes<T> {
    private final int runs;
    private final Map<T, Integer> counts;

    Outcomes(int runs, Map<T, Integer> counts) {
        this.runs = runs;
        this.counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** How many runs there were. */
    public int runs() {
        return runs;
    }

    /** Each result with the number of runs that gave it. */
    public Map<T, Integer> counts() {
        return counts;
    }

    /** How many runs gave {@code result}. */
    public int count(T result) {
        return counts.getOrDefault(result, 0);
    }

    /** Fails unless every run gave {@code expected}; the message is {@code hint} and the counts. */
    public Outcomes<T> expectOnly(T expected, String hint) {
        if (count(expected) != runs) {
            String others = counts.entrySet().stream().filter(e -> !Objects.equals(e.getKey(), expected))
                    .map(e -> e.getKey() + " (" + runs(e.getValue()) + ")").collect(Collectors.joining(", "));
            throw new AssertionError(hint + ": " + count(expected) + " of " + runs + " runs gave " + expected
                    + ", the others gave " + others);
        }
        return this;
    }

    @Override
    public String toString() {
        return runs(runs) + ": " + counts.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    private static String runs(int count) {
        return count == 1 ? "1 run" : count + " runs";
    }
}
