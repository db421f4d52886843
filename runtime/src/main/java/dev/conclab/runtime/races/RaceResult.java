package dev.conclab.runtime.races;

import dev.conclab.runtime.display.MimeBundle;
import dev.conclab.runtime.display.RichDisplay;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a {@link Race} saw: how many runs gave each outcome, marked by the user's expectations.
 * Immutable. Shown in a cell, it is a bar chart and a table; printed, one line per outcome.
 */
public final class RaceResult implements RichDisplay, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String title;
    private final Map<String, Long> counts;
    private final Map<String, Race.Expectation> expectations;
    private final long runs;
    private final Duration elapsed;

    RaceResult(String title, Map<String, Long> counts, Map<String, Race.Expectation> expectations, long runs,
               Duration elapsed) {
        this.title = title;
        this.expectations = Collections.unmodifiableMap(new LinkedHashMap<>(expectations));
        // Expected outcomes first, in the order the user listed them (those never seen count 0), then the rest.
        Map<String, Long> ordered = new LinkedHashMap<>();
        expectations.keySet().forEach(outcome -> ordered.put(outcome, counts.getOrDefault(outcome, 0L)));
        counts.forEach(ordered::putIfAbsent);
        this.counts = Collections.unmodifiableMap(ordered);
        this.runs = runs;
        this.elapsed = elapsed;
    }

    /** The race's title. */
    public String title() {
        return title;
    }

    /** Each outcome with the number of runs that gave it: the expected ones first, then any others. */
    public Map<String, Long> counts() {
        return counts;
    }

    /** How many runs gave {@code outcome} (compared by {@code String.valueOf}). */
    public long count(Object outcome) {
        return counts.getOrDefault(String.valueOf(outcome), 0L);
    }

    /** How many runs gave an outcome the user marked {@code kind}. */
    public long count(Expect kind) {
        return counts.entrySet().stream().filter(e -> expectation(e.getKey()).map(x -> x.kind() == kind).orElse(false))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The user's expectation of {@code outcome}, if they gave one. */
    public Optional<Race.Expectation> expectation(Object outcome) {
        return Optional.ofNullable(expectations.get(String.valueOf(outcome)));
    }

    /** How many runs there were. */
    public long runs() {
        return runs;
    }

    /** How long the runs took, batches of fresh state included. */
    public Duration elapsed() {
        return elapsed;
    }

    /** Runs per second over the whole race. */
    public double runsPerSecond() {
        return elapsed.isZero() ? 0 : runs / (elapsed.toNanos() / 1e9);
    }

    /** True if no run gave {@code outcome}. */
    public boolean neverSaw(Object outcome) {
        return count(outcome) == 0;
    }

    /** True if some run gave {@code outcome}. */
    public boolean saw(Object outcome) {
        return count(outcome) > 0;
    }

    /** Fails, with the counts as the reason, if any run gave an outcome marked {@code kind}. */
    public RaceResult assertNone(Expect kind) {
        if (count(kind) > 0) {
            throw new AssertionError(count(kind) + " of " + runs + " runs of \"" + title + "\" gave an outcome marked "
                    + kind + ":\n" + text());
        }
        return this;
    }

    /** Fails, with the counts as the reason, if any run gave {@code outcome}. */
    public RaceResult assertNever(Object outcome) {
        if (saw(outcome)) {
            throw new AssertionError(count(outcome) + " of " + runs + " runs of \"" + title + "\" gave " + outcome
                    + ", which should never happen:\n" + text());
        }
        return this;
    }

    /** Fails, with the counts as the reason, unless some run gave {@code outcome}. */
    public RaceResult assertSaw(Object outcome) {
        if (!saw(outcome)) {
            throw new AssertionError("none of " + runs + " runs of \"" + title + "\" gave " + outcome + ":\n" + text());
        }
        return this;
    }

    /** The counts as plain text, one line per outcome. */
    public String text() {
        int widest = counts.keySet().stream().mapToInt(String::length).max().orElse(0);
        int digits = Long.toString(runs).length();
        String lines = counts.entrySet().stream().map(e -> String.format("  %-" + widest + "s  %" + digits + "d  %s",
                e.getKey(), e.getValue(), expectation(e.getKey()).map(x -> x.kind() + "  " + x.why()).orElse("(not expected)")))
                .collect(Collectors.joining("\n"));
        return String.format("%s: %,d runs in %.1f s (%,.0f runs/s)%n%s", title, runs, elapsed.toNanos() / 1e9,
                runsPerSecond(), lines);
    }

    @Override
    public MimeBundle toMimeBundle() {
        String svg = RaceResultHtml.chart(this).svg();
        // The front end shows HTML before SVG, so the HTML holds the chart too.
        return MimeBundle.of("image/svg+xml", svg, text()).with("text/html", RaceResultHtml.render(this));
    }

    /**
     * Several results in a row (a broken race beside its fixes), each with its chart and table:
     * {@code display(RaceResult.sideBySide(broken, fixed))}.
     */
    public static MimeBundle sideBySide(RaceResult... results) {
        if (results.length == 0) {
            throw new IllegalArgumentException("sideBySide needs at least one result");
        }
        // A table row, not a flex box: JupyterLab's sanitizer (a notebook opened untrusted) drops
        // "display" from style attributes, and then the results stack; it keeps tables and text-align.
        StringBuilder html = new StringBuilder("<table class=\"conclab-side-by-side\"><tr>");
        for (RaceResult result : results) {
            html.append("<td style=\"vertical-align:top;text-align:left\">").append(RaceResultHtml.render(result)).append("</td>");
        }
        String text = java.util.Arrays.stream(results).map(RaceResult::text).collect(Collectors.joining("\n\n"));
        return MimeBundle.of("text/html", html.append("</tr></table>").toString(), text);
    }

    @Override
    public String toString() {
        return text();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RaceResult that && title.equals(that.title) && counts.equals(that.counts)
                && expectations.equals(that.expectations) && runs == that.runs && elapsed.equals(that.elapsed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(title, counts, runs);
    }
}
