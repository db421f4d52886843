package dev.conclab.executor;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the JDK's numbering of unnamed threads ({@code Thread-0}) and of pools' threads
 * ({@code pool-1-thread-1}) from the start again once the executor is set up, so that a
 * notebook's first thread is {@code Thread-0}, as a program's is under {@code java}. The agent
 * opens {@code java.lang} and {@code java.util.concurrent} to the executor for this.
 */
final class ThreadNumbers {
    private ThreadNumbers() {}

    static void restart() {
        try {
            threadCounter().setInt(null, 0);
            Field pools = Class.forName("java.util.concurrent.Executors$DefaultThreadFactory").getDeclaredField("poolNumber");
            pools.setAccessible(true);
            ((AtomicInteger) pools.get(null)).set(1);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("conclab: the notebook's threads are not numbered from Thread-0 (" + e + ")");
        }
    }

    /**
     * Runs {@code work} (a warm-up step, between the notebook's cells) and sets both numberings
     * back to where they were, so the threads the JDK's and JShell's code start for it take no
     * number from the notebook's.
     */
    static void keptAround(Runnable work) {
        Field counter;
        AtomicInteger pools;
        int threads;
        int poolsBefore;
        try {
            counter = threadCounter();
            Field poolField = Class.forName("java.util.concurrent.Executors$DefaultThreadFactory").getDeclaredField("poolNumber");
            poolField.setAccessible(true);
            pools = (AtomicInteger) poolField.get(null);
            threads = counter.getInt(null);
            poolsBefore = pools.get();
        } catch (ReflectiveOperationException | RuntimeException e) {
            work.run();
            return;
        }
        try {
            work.run();
        } finally {
            try {
                counter.setInt(null, threads);
                pools.set(poolsBefore);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Numbering stays where the work left it; restart() already said why it may.
            }
        }
    }

    /** JDK 21 and newer count in a nested class; JDK 17 in Thread itself. */
    private static Field threadCounter() throws ReflectiveOperationException {
        Field counter;
        try {
            counter = Class.forName("java.lang.Thread$ThreadNumbering").getDeclaredField("next");
        } catch (ClassNotFoundException e) {
            counter = Thread.class.getDeclaredField("threadInitNumber");
        }
        counter.setAccessible(true);
        return counter;
    }
}
