package dev.conclab.runtime.races;

import dev.conclab.runtime.processes.Processes;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A race between 2 to 4 actors on fresh state, run as many times as fit in a time budget, with every
 * outcome counted (the jcstress idea, in a cell). Races are immutable: each method returns a new one.
 *
 * <pre>{@code
 * class Counter { int count; }
 * Race.of(Counter::new)
 *     .actor(c -> c.count++)
 *     .actor(c -> c.count++)
 *     .arbiter(c -> c.count)
 *     .expect(2, Expect.ACCEPTABLE, "both increments landed")
 *     .expect(1, Expect.INTERESTING, "lost update: both read 0")
 *     .run(Duration.ofSeconds(2))
 * }</pre>
 *
 * <p>Each actor runs on its own thread, started once per {@code run}; the actors of one run are
 * released together by a spin barrier. Outcomes are told apart by {@code String.valueOf} of what the
 * arbiter returns. An actor that waits for another must give up by itself ({@link BoundedSpin}):
 * a run in which an actor has not returned after {@link #stuckAfter} ends the race with an error.
 */
public final class Race<S> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The outcome to report for a run whose waiting actor gave up ({@link BoundedSpin}); a convention, not a rule. */
    public static final String STUCK = "STUCK";

    static final int MAX_ACTORS = 4;

    private final String title;
    private final Supplier<? extends S> state;
    private final List<Consumer<? super S>> actors;
    private final Function<? super S, ?> arbiter;
    private final Map<String, Expectation> expectations;
    private final Duration stuckAfter;

    /** What the user expects of one outcome, and why. */
    public record Expectation(Expect kind, String why) implements Serializable {
        public Expectation {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(why, "why");
        }
    }

    private Race(String title, Supplier<? extends S> state, List<Consumer<? super S>> actors,
                 Function<? super S, ?> arbiter, Map<String, Expectation> expectations, Duration stuckAfter) {
        this.title = title;
        this.state = state;
        this.actors = List.copyOf(actors);
        this.arbiter = arbiter;
        this.expectations = Collections.unmodifiableMap(new LinkedHashMap<>(expectations));
        this.stuckAfter = stuckAfter;
    }

    /** State, actor and arbiter lambdas that can be sent to a child JVM ({@link #runIn}). */
    public interface State<S> extends Supplier<S>, Serializable {}

    /** An actor that can be sent to a child JVM; lambdas written in the call become one. */
    public interface Actor<S> extends Consumer<S>, Serializable {}

    /** An arbiter that can be sent to a child JVM; lambdas written in the call become one. */
    public interface Arbiter<S> extends Function<S, Object>, Serializable {}

    /** A race on fresh state from {@code state}, called once per run (before the actors start). */
    public static <S> Race<S> of(State<? extends S> state) {
        return of((Supplier<? extends S>) state);
    }

    /** A race on fresh state from {@code state}; a race made from a plain Supplier cannot {@link #runIn} a child. */
    public static <S> Race<S> of(Supplier<? extends S> state) {
        Objects.requireNonNull(state, "state");
        return new Race<>("Race", state, List.of(), null, Map.of(), Duration.ofSeconds(1));
    }

    /** This race with a title, shown above its chart. */
    public Race<S> title(String title) {
        return new Race<>(Objects.requireNonNull(title, "title"), state, actors, arbiter, expectations, stuckAfter);
    }

    /** This race with one more actor: code one thread runs on the run's state. */
    public Race<S> actor(Actor<? super S> actor) {
        return actor((Consumer<? super S>) actor);
    }

    /** This race with one more actor; one given as a plain Consumer cannot {@link #runIn} a child. */
    public Race<S> actor(Consumer<? super S> actor) {
        Objects.requireNonNull(actor, "actor");
        if (actors.size() == MAX_ACTORS) {
            throw new IllegalArgumentException("a race has at most " + MAX_ACTORS + " actors; this machine has "
                    + Runtime.getRuntime().availableProcessors() + " cores, and actors beyond them only take turns");
        }
        List<Consumer<? super S>> more = new ArrayList<>(actors);
        more.add(actor);
        return new Race<>(title, state, more, arbiter, expectations, stuckAfter);
    }

    /** This race with the code that reads the outcome of a run, after all its actors returned. */
    public Race<S> arbiter(Arbiter<? super S> arbiter) {
        return arbiter((Function<? super S, ?>) arbiter);
    }

    /** This race with its arbiter; one given as a plain Function cannot {@link #runIn} a child. */
    public Race<S> arbiter(Function<? super S, ?> arbiter) {
        return new Race<>(title, state, actors, Objects.requireNonNull(arbiter, "arbiter"), expectations, stuckAfter);
    }

    /** This race with the user's expectation of one outcome, shown beside its count. */
    public Race<S> expect(Object outcome, Expect kind, String why) {
        Map<String, Expectation> more = new LinkedHashMap<>(expectations);
        more.put(String.valueOf(outcome), new Expectation(kind, why));
        return new Race<>(title, state, actors, arbiter, more, stuckAfter);
    }

    /**
     * This race with the time after which an actor that has not returned is taken to spin forever
     * (default 1 s); the race then fails, as the stuck thread cannot be stopped from outside.
     */
    public Race<S> stuckAfter(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("stuckAfter must be positive, not " + limit);
        }
        return new Race<>(title, state, actors, arbiter, expectations, limit);
    }

    /**
     * Runs the race as many times as fit in {@code budget} (at least one batch) and counts the
     * outcomes. If the cell is stopped, returns what was counted so far.
     */
    public RaceResult run(Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the budget of a race must be positive, not " + budget);
        }
        if (actors.size() < 2) {
            throw new IllegalStateException("a race needs at least 2 actors, it has " + actors.size()
                    + ": add them with .actor(s -> ...)");
        }
        if (arbiter == null) {
            throw new IllegalStateException("a race needs an arbiter that reads the outcome: add .arbiter(s -> ...)");
        }
        RaceRunner.Counts counts = new RaceRunner<S>(state, actors, arbiter, stuckAfter).run(budget);
        return new RaceResult(title, counts.outcomes(), expectations, counts.runs(), counts.elapsed());
    }

    /**
     * Runs the race in a child JVM started with {@code jvmOptions}, since the JIT changes what can be
     * seen: {@code runIn(budget, "-Xint")} (interpreter only), {@code "-XX:TieredStopAtLevel=1"} (C1
     * only), {@code "-XX:-TieredCompilation"} (C2 only). The state, actors and arbiter must be lambdas
     * or method references written in the calls, so that they can be sent to the child.
     */
    public RaceResult runIn(Duration budget, String... jvmOptions) throws InterruptedException {
        Race<S> race = this;
        try {
            return Processes.start("race", List.of(jvmOptions), () -> race.run(budget)).result();
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof java.io.NotSerializableException) {
                throw new IllegalArgumentException("runIn sends the race to a child JVM, so write its state, actors and"
                        + " arbiter as lambdas or method references in the calls to Race.of, actor and arbiter (not as"
                        + " Supplier, Consumer or Function variables), capturing only Serializable values: " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
