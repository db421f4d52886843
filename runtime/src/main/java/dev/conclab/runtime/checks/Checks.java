package dev.conclab.runtime.checks;

import dev.conclab.runtime.threads.Task;
import dev.conclab.runtime.timing.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Helpers for exercise check cells that test threads and processes. A check built on them fails
 * with an {@link AssertionError} whose message says what is wrong, and its verdict never hangs on
 * the answer: every wait has a bound. Bounds only cut off an answer that never ends; they are not
 * a measure of speed, so give them room for a loaded machine (a class server, an autograder
 * running many notebooks). A verdict should rest on what the answer did, never on how long it
 * took: a race is checked by {@link #repeat repeated runs} long enough for the racers to
 * interleave on one core as on many (one lucky run of a racy answer must not pass), and "runs
 * until interrupted" by interrupting at a step the check picks (notebook 07's third check), not
 * by watching for a while.
 *
 * <pre>{@code
 * Checks.repeat(5, () -> { var a = new Account(); runTellers(a); return a.balance(); })
 *       .expectOnly(1_000L, "Exercise 1: deposits and withdrawals overwrote each other");
 * Checks.endsWithin(spinner, Duration.ofSeconds(30), "Exercise 3: spin() went on after it was interrupted");
 * }</pre>
 */
public final class Checks {
    private static final long POLL_MILLIS = 10;

    private Checks() {}

    /**
     * Runs {@code code} on a thread of its own and waits at most {@code limit} for it. If it does
     * not end in time, the thread is interrupted and the check fails naming {@code what} and
     * where the code was; an exception of the code fails the check with that exception as cause.
     */
    public static void within(Duration limit, String what, Task code) {
        valueWithin(limit, what, () -> {
            code.run();
            return null;
        });
    }

    /** {@link #within} for code with a result, which it returns. */
    public static <T> T valueWithin(Duration limit, String what, Callable<T> code) {
        requirePositive(limit);
        FutureTask<T> task = new FutureTask<>(code);
        Thread runner = new Thread(task, "check: " + what);
        runner.setDaemon(true);
        runner.start();
        try {
            return task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String where = where(runner);
            runner.interrupt();
            throw new AssertionError(what + " did not finish within " + Durations.format(limit.toNanos()) + where);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError failed) {
                throw failed;
            }
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            runner.interrupt();
            Thread.currentThread().interrupt();
            throw new AssertionError("the check of " + what + " was interrupted", e);
        }
    }

    /** Fails unless {@code thread} ends within {@code limit}; the message is {@code hint} and where the thread is. */
    public static void endsWithin(Thread thread, Duration limit, String hint) {
        requirePositive(limit);
        try {
            thread.join(Math.max(1, limit.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("the check was interrupted while it waited for thread \"" + thread.getName() + "\"", e);
        }
        if (thread.isAlive()) {
            throw new AssertionError(hint + " (thread \"" + thread.getName() + "\" still runs "
                    + Durations.format(limit.toNanos()) + " later" + where(thread) + ")");
        }
    }

    /**
     * Fails if {@code thread} ends within {@code time}: code that should run until it is told to
     * stop returned or threw by itself. It always waits the whole {@code time} (a thread that
     * has not been scheduled yet is still running), so use it before the thread is told to stop.
     * It is no proof on its own: code that returns by itself after longer than {@code time} (more
     * likely on a slow machine) passes it; let the check choose when the code is stopped instead.
     */
    public static void keepsRunning(Thread thread, Duration time, String hint) {
        requirePositive(time);
        try {
            thread.join(Math.max(1, time.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("the check was interrupted while it watched thread \"" + thread.getName() + "\"", e);
        }
        if (!thread.isAlive()) {
            throw new AssertionError(hint + " (thread \"" + thread.getName() + "\" ended within " + Durations.format(time.toNanos()) + ")");
        }
    }

    /** Waits until {@code condition} holds, checking every 10 ms; fails with {@code what} if it does not hold within {@code limit}. */
    public static void eventually(Duration limit, String what, BooleanSupplier condition) {
        requirePositive(limit);
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(what + " (still not so after " + Durations.format(limit.toNanos()) + ")");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("the check was interrupted while it waited for: " + what, e);
            }
        }
    }

    /**
     * Runs {@code trial} {@code runs} times, one after the other, and counts its results. A
     * trial that throws fails the check, naming the run.
     */
    public static <T> Outcomes<T> repeat(int runs, Callable<T> trial) {
        if (runs < 1) {
            throw new IllegalArgumentException("repeat needs at least 1 run, not " + runs);
        }
        Map<T, Integer> counts = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            T result;
            try {
                result = trial.call();
            } catch (AssertionError e) {
                throw new AssertionError("run " + run + " of " + runs + ": " + e.getMessage(), e);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new AssertionError("run " + run + " of " + runs + " failed: " + e, e);
            }
            counts.merge(result, 1, Integer::sum);
        }
        return new Outcomes<>(runs, counts);
    }

    private static void requirePositive(Duration limit) {
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("a check's time limit must be positive, not " + limit);
        }
    }

    /**
     * Where a thread is, so that a check that timed out says what the code waited for: the JDK
     * method it is in (a lock, a queue, a sleep) and the first frame of the code that called it.
     */
    private static String where(Thread thread) {
        StackTraceElement[] frames = thread.getStackTrace();
        int caller = 0;
        while (caller < frames.length && isJdk(frames[caller])) {
            caller++;
        }
        if (frames.length == 0) {
            return "";
        }
        if (caller == 0 || caller == frames.length) {
            return "; it was in " + frame(frames[0]);
        }
        return "; it was in " + frame(frames[caller - 1]) + ", called from " + frame(frames[caller]);
    }

    private static boolean isJdk(StackTraceElement frame) {
        String name = frame.getClassName();
        return name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.");
    }

    private static String frame(StackTraceElement frame) {
        String name = frame.getClassName();
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return simple + "." + frame.getMethodName() + (frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : "");
    }
}
