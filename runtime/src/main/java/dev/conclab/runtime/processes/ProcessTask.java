package dev.conclab.runtime.processes;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Code to run in a child JVM: a {@link Callable} that is also {@link Serializable}, so that a
 * lambda given where one is expected is made serializable by the compiler. It is written to the
 * child, so what it captures must be Serializable, and so must what it returns.
 *
 * @param <T> what the code returns to the parent ({@code null} for nothing)
 */
@FunctionalInterface
public interface ProcessTask<T> extends Callable<T>, Serializable {}
