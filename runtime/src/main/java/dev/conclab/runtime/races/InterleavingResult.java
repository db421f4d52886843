package dev.conclab.runtime.races;

import dev.conclab.runtime.display.MimeBundle;
import dev.conclab.runtime.display.RichDisplay;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What an {@link Interleavings} search found: the schedule that breaks the class, step by step, or
 * none within the search's bounds. Immutable. Shown in a cell, it is a table with one column per
 * thread and one row per step, reads ({@code count ➜ 0}) and writes ({@code count = 1}) with their values.
 */
public final class InterleavingResult implements RichDisplay, Serializable {
    private static final long serialVersionUID = 1L;

    private final String title;
    private final String searched;
    private final String violation;
    private final List<String> threads;
    private final List<Step> steps;
    private final String report;
    private final Duration elapsed;
    /** The search, set in the notebook's JVM once the child returned; null in the child. */
    private final transient Interleavings<?> search;

    private InterleavingResult(String title, String searched, String violation, List<String> threads, List<Step> steps,
                               String report, Duration elapsed, Interleavings<?> search) {
        this.title = Objects.requireNonNull(title, "title");
        this.searched = Objects.requireNonNull(searched, "searched");
        this.violation = violation;
        this.threads = List.copyOf(threads);
        this.steps = List.copyOf(steps);
        this.report = report;
        this.elapsed = elapsed;
        this.search = search;
    }

    /** No violating schedule within the bounds. */
    public static InterleavingResult none(String title, String searched, Duration elapsed) {
        return new InterleavingResult(title, searched, null, List.of(), List.of(), "", elapsed, null);
    }

    /** A violating schedule: {@code report} is Lincheck's own text of it. */
    public static InterleavingResult found(String title, String searched, String violation, List<String> threads,
                                           List<Step> steps, String report, Duration elapsed) {
        return new InterleavingResult(title, searched, Objects.requireNonNull(violation, "violation"), threads, steps,
                report, elapsed, null);
    }

    InterleavingResult searchedBy(Interleavings<?> search) {
        return new InterleavingResult(title, searched, violation, threads, steps, report, elapsed, search);
    }

    /** The search's title. */
    public String title() {
        return title;
    }

    /** True if the search found a schedule that breaks the class. */
    public boolean violated() {
        return violation != null;
    }

    /** What the schedule breaks (as "not linearizable: ..." or "invariant broken"), or empty when none was found. */
    public String violation() {
        return violation == null ? "" : violation;
    }

    /** The threads' names, one per column of the table (Lincheck's: "Thread 1", "Thread 2", ...). */
    public List<String> threads() {
        return threads;
    }

    /** The steps of the schedule, in the order it ran them; empty when none was found. */
    public List<Step> steps() {
        return steps;
    }

    /** The steps that thread {@code thread} (0 for the first column) took, in order. */
    public List<Step> steps(int thread) {
        return steps.stream().filter(step -> step.thread() == thread).toList();
    }

    /** How many times the schedule switches from one thread to another. */
    public long switches() {
        return steps.stream().filter(step -> step.kind() == Step.Kind.SWITCH).count();
    }

    /** Lincheck's own report of the schedule (its text tables and the detailed trace). */
    public String report() {
        return report;
    }

    /** How long the search took, in the child JVM (its start not included). */
    public Duration elapsed() {
        return elapsed;
    }

    /**
     * Runs the same search again in a fresh child JVM. Lincheck's choices are seeded, so it explores in
     * the same order and meets the same schedule first: {@code result.replay().steps()} equals {@code result.steps()}.
     */
    public InterleavingResult replay() throws InterruptedException {
        if (search == null) {
            throw new IllegalStateException("this result was not returned by Interleavings.check in this JVM, so it has"
                    + " no search to replay: call check() again");
        }
        return search.check();
    }

    /** Fails, with the schedule as the reason, if the search found one. */
    public InterleavingResult assertNoViolation() {
        if (violated()) {
            throw new AssertionError("\"" + title + "\" has a schedule that breaks it (" + violation + "):\n" + text());
        }
        return this;
    }

    /** Fails unless the search found a schedule that breaks the class. */
    public InterleavingResult assertViolated() {
        if (!violated()) {
            throw new AssertionError("no schedule of \"" + title + "\" broke it within the bounds (" + searched + ")");
        }
        return this;
    }

    /** The schedule as plain text, one line per step, the thread's name first. */
    public String text() {
        String head = String.format("%s: %s (%s; searched in %.1f s)", title,
                violated() ? violation : "no violating schedule found", searched, elapsed.toNanos() / 1e9);
        return head + steps.stream().map(step -> "\n  " + threadName(step.thread()) + ": " + "  ".repeat(step.depth()) + step.text())
                .collect(Collectors.joining());
    }

    String threadName(int thread) {
        return thread < threads.size() ? threads.get(thread) : "Thread " + (thread + 1);
    }

    String searched() {
        return searched;
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.of("text/html", InterleavingResultHtml.render(this), text());
    }

    @Override
    public String toString() {
        return text();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InterleavingResult that && title.equals(that.title) && searched.equals(that.searched)
                && Objects.equals(violation, that.violation) && threads.equals(that.threads) && steps.equals(that.steps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(title, violation, steps);
    }
}
