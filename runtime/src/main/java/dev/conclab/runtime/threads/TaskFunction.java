package dev.conclab.runtime.threads;

/**
 * A function that {@link ThreadPool#map} applies to each input; like {@link Task}, it may throw
 * checked exceptions, such as {@code Thread.sleep}'s.
 *
 * @param <T> the input
 * @param <R> the result
 */
@FunctionalInterface
public interface TaskFunction<T, R> {
    R apply(T input) throws Exception;
}
