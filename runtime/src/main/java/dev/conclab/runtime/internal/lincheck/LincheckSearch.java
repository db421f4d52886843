package dev.conclab.runtime.internal.lincheck;

import dev.conclab.runtime.races.Interleavings;
import dev.conclab.runtime.races.InterleavingResult;
import dev.conclab.runtime.races.Step;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.matcher.ElementMatchers;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.kotlinx.lincheck.strategy.ManagedDeadlockFailure;
import org.jetbrains.kotlinx.lincheck.strategy.UnexpectedExceptionFailure;
import org.jetbrains.kotlinx.lincheck.strategy.ValidationFailure;
import org.jetbrains.kotlinx.lincheck.trace.MethodCallTracePoint;
import org.jetbrains.kotlinx.lincheck.trace.MethodReturnTracePoint;
import org.jetbrains.kotlinx.lincheck.trace.ReadTracePoint;
import org.jetbrains.kotlinx.lincheck.trace.SwitchEventTracePoint;
import org.jetbrains.kotlinx.lincheck.trace.Trace;
import org.jetbrains.kotlinx.lincheck.trace.TracePoint;
import org.jetbrains.kotlinx.lincheck.trace.WriteTracePoint;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Runs an {@link Interleavings} search with Lincheck's model checker, in the child JVM that has
 * Lincheck on its class path (never in the executor: Lincheck instruments classes with its own agent).
 * Lincheck wants a test class with {@code @Operation} methods; this one is generated (ByteBuddy,
 * which Lincheck brings) from the notebook's lambdas, each operation a method named as the user named it.
 */
public final class LincheckSearch {
    /** The generated class's field that holds the state; a name no notebook's field has. */
    private static final String STATE_FIELD = "conclab$state";

    private LincheckSearch() {}

    /** Searches, and says what was found: the first violating schedule Lincheck met, or none. */
    public static <S> InterleavingResult run(Interleavings<S> search) {
        Class<?> test = testClass(search);
        ModelCheckingOptions options = new ModelCheckingOptions()
                .threads(search.threads())
                .actorsPerThread(search.operationsPerThread())
                .actorsBefore(0)
                .actorsAfter(0)
                .iterations(search.scenarios())
                .invocationsPerIteration(search.invocations());
        long start = System.nanoTime();
        try {
            options.check(test);
            return InterleavingResult.none(search.title(), search.describe(), elapsed(start));
        } catch (LincheckAssertionError error) {
            LincheckFailure failure = error.getFailure$lincheck();
            Trace trace = failure.getTrace();
            List<String> threads = trace == null ? List.of() : trace.getThreadNames();
            return InterleavingResult.found(search.title(), search.describe(), kind(failure), threads,
                    trace == null ? List.of() : steps(trace), error.getMessage(), elapsed(start));
        }
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String kind(LincheckFailure failure) {
        if (failure instanceof IncorrectResultsFailure) {
            return "not linearizable: no order of the operations, one at a time, gives these results";
        } else if (failure instanceof ValidationFailure) {
            return "invariant broken";
        } else if (failure instanceof UnexpectedExceptionFailure) {
            return "an operation threw";
        } else if (failure instanceof ManagedDeadlockFailure) {
            return "deadlock or livelock";
        }
        return failure.getClass().getSimpleName();
    }

    /**
     * The trace as steps: reads, writes, calls and switches, each indented by its call depth. Left out:
     * the generated test class's own reads of its fields and calls of the lambdas (plumbing, not the
     * user's code), and what happens inside the construction of an exception (the JDK's, not the user's).
     */
    static List<Step> steps(Trace trace) {
        List<Step> steps = new ArrayList<>();
        Map<Integer, Deque<Shown>> calls = new HashMap<>();
        for (TracePoint point : trace.getTrace()) {
            int thread = point.getIThread();
            Deque<Shown> stack = calls.computeIfAbsent(thread, t -> new ArrayDeque<>());
            if (point instanceof MethodReturnTracePoint) {
                stack.poll();
                continue;
            }
            if (stack.contains(Shown.HIDDEN_WITH_ALL_INSIDE)) {
                if (point instanceof MethodCallTracePoint) {
                    stack.push(Shown.HIDDEN_WITH_ALL_INSIDE);
                }
                continue;
            }
            Step.Kind kind = point instanceof ReadTracePoint ? Step.Kind.READ
                    : point instanceof WriteTracePoint ? Step.Kind.WRITE
                    : point instanceof MethodCallTracePoint ? Step.Kind.CALL
                    : point instanceof SwitchEventTracePoint ? Step.Kind.SWITCH : Step.Kind.OTHER;
            // Lincheck's text of a step ends with its code location (" at Counter.inc(#5:3)"): the table leaves it out.
            String text = point.toString();
            int at = text.indexOf(" at ");
            String shown = (at < 0 ? text : text.substring(0, at)).strip();
            int depth = (int) stack.stream().filter(call -> call == Shown.SHOWN).count();
            if (kind == Step.Kind.CALL) {
                Shown call = shown.contains("Exception.<init>(") || shown.contains("Error.<init>(") ? Shown.HIDDEN_WITH_ALL_INSIDE
                        : shown.startsWith("invocationTarget$") || shown.contains("Lambda#") ? Shown.HIDDEN : Shown.SHOWN;
                if (call == Shown.SHOWN) {
                    steps.add(new Step(thread, depth, kind, shown));
                }
                stack.push(call);
            } else if (!shown.isEmpty() && !(kind == Step.Kind.READ && isPlumbing((ReadTracePoint) point))) {
                steps.add(new Step(thread, depth, kind, shown));
            }
        }
        return steps;
    }

    /** How a call shows in the table. */
    private enum Shown { SHOWN, HIDDEN, HIDDEN_WITH_ALL_INSIDE }

    /** A read of the generated test class's own fields: its state, or a lambda ByteBuddy keeps in a field. */
    private static boolean isPlumbing(ReadTracePoint read) {
        String field = read.getFieldName();
        return field != null && (field.equals(STATE_FIELD) || field.startsWith("invocationTarget$"));
    }

    /** A test class for Lincheck: a fresh state per run, one {@code @Operation} method per operation. */
    private static <S> Class<?> testClass(Interleavings<S> search) {
        try {
            Method get = Supplier.class.getMethod("get");
            Method apply = Function.class.getMethod("apply", Object.class);
            DynamicType.Builder<Object> builder = new ByteBuddy().subclass(Object.class, ConstructorStrategy.Default.NO_CONSTRUCTORS)
                    .name(LincheckSearch.class.getPackageName() + ".Operations")
                    .defineField(STATE_FIELD, Object.class, Visibility.PRIVATE)
                    .defineConstructor(Visibility.PUBLIC)
                    .intercept(MethodCall.invoke(Object.class.getConstructor())
                            .andThen(MethodCall.invoke(get).on(search.state(), Supplier.class)
                                    .setsField(ElementMatchers.named(STATE_FIELD))));
            AnnotationDescription operation = AnnotationDescription.Builder.ofType(Operation.class).build();
            for (Map.Entry<String, ? extends Function<? super S, ?>> op : search.operations().entrySet()) {
                builder = builder.defineMethod(op.getKey(), Object.class, Visibility.PUBLIC)
                        .intercept(MethodCall.invoke(apply).on(op.getValue(), Function.class).withField(STATE_FIELD))
                        .annotateMethod(operation);
            }
            if (search.invariant() != null) {
                @SuppressWarnings("unchecked")
                Predicate<Object> invariant = (Predicate<Object>) search.invariant();
                builder = builder.defineMethod("invariant", Object.class, Visibility.PUBLIC)
                        .intercept(MethodCall.invoke(apply).on(new InvariantCheck(invariant, search.invariantWhy()), Function.class)
                                .withField(STATE_FIELD))
                        .annotateMethod(AnnotationDescription.Builder.ofType(Validate.class).build());
            }
            return builder.make()
                    // Defined by a lookup in this class's package and loader (as Lincheck finds the test class by
                    // name there), which needs no reflective access into java.lang (refused on JDK 25).
                    .load(LincheckSearch.class.getClassLoader(), ClassLoadingStrategy.UsingLookup.of(MethodHandles.lookup()))
                    .getLoaded();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("the JDK lacks a method of Supplier, Function or Predicate", e);
        }
    }

    /**
     * What the generated {@code @Validate} method calls after each run of a schedule. A plain class, not
     * a record: Lincheck cannot take the field offsets of a record's fields, and warns each time.
     */
    private static final class InvariantCheck implements Function<Object, Object> {
        private final Predicate<Object> invariant;
        private final String why;

        InvariantCheck(Predicate<Object> invariant, String why) {
            this.invariant = invariant;
            this.why = why;
        }

        @Override
        public Object apply(Object state) {
            if (!invariant.test(state)) {
                throw new IllegalStateException("invariant broken: " + why);
            }
            return null;
        }
    }
}
