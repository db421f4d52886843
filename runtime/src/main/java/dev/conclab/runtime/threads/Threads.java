package dev.conclab.runtime.threads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;

/**
 * One-liners for threads, like Python's {@code threading.Thread(target=..., args=...).start()}:
 * start named threads whose code may throw checked exceptions, and join them all.
 *
 * <pre>{@code
 * var a = Threads.start("A", () -> task("A"));
 * var b = Threads.start("B", () -> task("B"));
 * Threads.joinAll(a, b);
 * }</pre>
 */
public final class Threads {
    private Threads() {}

    /** Starts a platform thread named {@code name} that runs {@code task}. */
    public static Thread start(String name, Task task) {
        Thread thread = new Thread(() -> runReportingFailures(task), name);
        thread.start();
        return thread;
    }

    /** Starts {@code count} threads named {@code prefix-0}, {@code prefix-1}, ...; {@code tasks} makes the i-th task. */
    public static List<Thread> start(int count, String prefix, IntFunction<Task> tasks) {
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            threads.add(start(prefix + "-" + i, tasks.apply(i)));
        }
        return threads;
    }

    /** Waits for every thread to end. */
    public static void joinAll(Thread... threads) throws InterruptedException {
        joinAll(Arrays.asList(threads));
    }

    /** Waits for every thread to end. */
    public static void joinAll(Collection<? extends Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void runReportingFailures(Task task) {
        try {
            task.run();
        } catch (InterruptedException e) {
            // Asked to stop (an interrupted cell): ending quietly is the answer.
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // The thread's uncaught-exception handler prints this with the thread's name.
            throw new CompletionException(e);
        }
    }
}
