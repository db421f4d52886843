package dev.conclab.runtime.races;

import dev.conclab.runtime.internal.lincheck.LincheckClassPath;
import dev.conclab.runtime.internal.lincheck.LincheckSearch;
import dev.conclab.runtime.processes.Processes;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A search for the thread schedule that breaks a small class, with JetBrains' Lincheck model checker:
 * the operations run on one fresh state from 2 (or more) threads, Lincheck tries their interleavings
 * (switching threads at each read, write and lock) and reports the first schedule whose results no
 * one-at-a-time order of the operations gives (not linearizable), or after which the invariant is false.
 * Immutable: each method returns a new search.
 *
 * <pre>{@code
 * class Counter { int count; int inc() { return ++count; } }
 * Interleavings.of(Counter::new)
 *     .operation("inc", Counter::inc)
 *     .operation("get", c -> c.count)
 *     .check()             // an InterleavingResult: the schedule as a table, one column per thread
 * }</pre>
 *
 * <p>The search runs in a child JVM that has Lincheck on its class path, so the state and operations
 * must be lambdas or method references written in the calls (they are sent there). It is bounded model
 * checking: a schedule it finds is real (the table shows it step by step); finding none proves only that
 * none was met within the bounds (threads, operations per thread, scenarios, schedules per scenario).
 */
public final class Interleavings<S> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String title;
    private final Supplier<? extends S> state;
    private final Map<String, Function<? super S, ?>> operations;
    private final Predicate<? super S> invariant;
    private final String invariantWhy;
    private final int threads;
    private final int operationsPerThread;
    private final int scenarios;
    private final int invocations;

    /** An operation on the state that can be sent to the child JVM; its result is compared with a sequential run's. */
    public interface Operation<S> extends Function<S, Object>, Serializable {}

    /** A property of the state that must hold after every schedule. */
    public interface Invariant<S> extends Predicate<S>, Serializable {}

    private Interleavings(String title, Supplier<? extends S> state, Map<String, Function<? super S, ?>> operations,
                          Predicate<? super S> invariant, String invariantWhy, int threads, int operationsPerThread,
                          int scenarios, int invocations) {
        this.title = title;
        this.state = state;
        this.operations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(operations));
        this.invariant = invariant;
        this.invariantWhy = invariantWhy;
        this.threads = threads;
        this.operationsPerThread = operationsPerThread;
        this.scenarios = scenarios;
        this.invocations = invocations;
    }

    /** A search on fresh state from {@code state}, made once per schedule tried. */
    public static <S> Interleavings<S> of(Race.State<? extends S> state) {
        Objects.requireNonNull(state, "state");
        return new Interleavings<>("Interleavings", state, Map.of(), null, null, 2, 2, 10, 500);
    }

    /** This search with a title, shown above its table. */
    public Interleavings<S> title(String title) {
        return new Interleavings<>(Objects.requireNonNull(title, "title"), state, operations, invariant, invariantWhy,
                threads, operationsPerThread, scenarios, invocations);
    }

    /**
     * This search with one more operation, named {@code name} (a Java name: it becomes a method of the
     * class Lincheck tests). Its result is what a sequential run must match; return null for none.
     */
    public Interleavings<S> operation(String name, Operation<? super S> operation) {
        Objects.requireNonNull(operation, "operation");
        if (name == null || !name.matches("[A-Za-z_$][A-Za-z0-9_$]*") || name.equals("invariant")) {
            throw new IllegalArgumentException("an operation's name must be a Java identifier other than \"invariant\","
                    + " as inc or putIfAbsent; not \"" + name + "\"");
        }
        if (operations.containsKey(name)) {
            throw new IllegalArgumentException("there is already an operation named \"" + name + "\"; give each its own name");
        }
        Map<String, Function<? super S, ?>> more = new LinkedHashMap<>(operations);
        more.put(name, operation);
        return new Interleavings<>(title, state, more, invariant, invariantWhy, threads, operationsPerThread, scenarios, invocations);
    }

    /** This search with a property of the state that must hold after every schedule (checked besides linearizability). */
    public Interleavings<S> invariant(String why, Invariant<? super S> invariant) {
        return new Interleavings<>(title, state, operations, Objects.requireNonNull(invariant, "invariant"),
                Objects.requireNonNull(why, "why"), threads, operationsPerThread, scenarios, invocations);
    }

    /**
     * This search's bounds: {@code threads} threads (2 to 4) each running {@code operationsPerThread}
     * operations (1 to 5), {@code scenarios} random choices of operations (defaults 2, 2, 10).
     */
    public Interleavings<S> bounds(int threads, int operationsPerThread, int scenarios) {
        if (threads < 2 || threads > Race.MAX_ACTORS || operationsPerThread < 1 || operationsPerThread > 5 || scenarios < 1) {
            throw new IllegalArgumentException("bounds must be 2 to " + Race.MAX_ACTORS + " threads, 1 to 5 operations per"
                    + " thread and at least 1 scenario; not " + threads + ", " + operationsPerThread + ", " + scenarios
                    + " (each more multiplies the schedules to try)");
        }
        return new Interleavings<>(title, state, operations, invariant, invariantWhy, threads, operationsPerThread, scenarios, invocations);
    }

    /** This search with at most {@code invocations} schedules tried per scenario (default 500). */
    public Interleavings<S> invocations(int invocations) {
        if (invocations < 1) {
            throw new IllegalArgumentException("invocations must be at least 1, not " + invocations);
        }
        return new Interleavings<>(title, state, operations, invariant, invariantWhy, threads, operationsPerThread, scenarios, invocations);
    }

    /**
     * Runs the search in a child JVM and returns what it found: the first violating schedule, or none.
     * Lincheck explores in a fixed order (its random choices are seeded), so the same search finds the
     * same schedule again: see {@link InterleavingResult#replay()}.
     */
    public InterleavingResult check() throws InterruptedException {
        if (operations.isEmpty()) {
            throw new IllegalStateException("a search needs at least one operation: add .operation(\"name\", s -> ...)");
        }
        Interleavings<S> search = this;
        try {
            InterleavingResult result = Processes.start("interleavings", LincheckClassPath.jvmOptions(),
                    LincheckClassPath.jars(), () -> LincheckSearch.run(search)).result();
            return result.searchedBy(this);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof java.io.NotSerializableException) {
                throw new IllegalArgumentException("the search runs in a child JVM, so write its state, operations and"
                        + " invariant as lambdas or method references in the calls to Interleavings.of, operation and"
                        + " invariant, capturing only Serializable values: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** One line that says what was searched, with its bounds. */
    public String describe() {
        return String.format("%d threads x %d operation%s each, from {%s}%s; %d scenarios, up to %,d schedules each", threads,
                operationsPerThread, operationsPerThread == 1 ? "" : "s", String.join(", ", operations.keySet()),
                invariant == null ? "" : "; invariant: " + invariantWhy, scenarios, invocations);
    }

    // What the child JVM's LincheckSearch reads of the search.

    public String title() {
        return title;
    }

    public Supplier<? extends S> state() {
        return state;
    }

    public Map<String, Function<? super S, ?>> operations() {
        return operations;
    }

    public Predicate<? super S> invariant() {
        return invariant;
    }

    public String invariantWhy() {
        return invariantWhy;
    }

    public int threads() {
        return threads;
    }

    public int operationsPerThread() {
        return operationsPerThread;
    }

    public int scenarios() {
        return scenarios;
    }

    public int invocations() {
        return invocations;
    }

    @Override
    public String toString() {
        return title + ": " + describe();
    }
}
