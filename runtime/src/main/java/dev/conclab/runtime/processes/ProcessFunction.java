package dev.conclab.runtime.processes;

import java.io.Serializable;

/**
 * A function to apply in a child JVM, such as the worker of {@link ProcessPool#map}: serialized to
 * the child, so what it captures must be {@link Serializable}, and so must its input and output.
 */
@FunctionalInterface
public interface ProcessFunction<T, R> extends Serializable {
    R apply(T input) throws Exception;
}
