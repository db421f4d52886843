package dev.conclab.runtime.processes;

import dev.conclab.runtime.threads.TaskFunction;
import java.io.Serializable;

/**
 * The function {@link ProcessPool#map} applies in its worker JVMs: the thread pool's
 * {@link TaskFunction}, made {@link Serializable} so that it can travel there; what it captures
 * must be Serializable, and so must its input and output.
 */
@FunctionalInterface
public interface ProcessFunction<T, R> extends TaskFunction<T, R>, Serializable {}
