package dev.conclab.runtime.processes;

import java.io.Serializable;

/**
 * Code to run in a child JVM: a lambda over methods, classes and records defined in the notebook.
 * It is serialized to the child, so what it captures must be {@link Serializable}, and so must
 * what it returns.
 *
 * @param <T> what the code returns to the parent ({@code null} for nothing)
 */
@FunctionalInterface
public interface ProcessTask<T> extends Serializable {
    T call() throws Exception;
}
