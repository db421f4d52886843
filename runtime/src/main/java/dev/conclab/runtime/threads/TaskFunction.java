package dev.conclab.runtime.threads;

/**
 * The function a pool's {@code map} applies to each input: {@link java.util.function.Function}'s
 * shape, but it may throw checked exceptions, such as {@code Thread.sleep}'s, as a
 * {@link java.util.concurrent.Callable} may. The process pool takes its {@code Serializable}
 * subtype, {@code ProcessFunction}.
 *
 * @param <T> the input
 * @param <R> the result
 */
@FunctionalInterface
public interface TaskFunction<T, R> {
    R apply(T input) throws Exception;
}
