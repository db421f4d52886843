package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.internal.cells.Cell;
import java.util.concurrent.CompletableFuture;

/**
 * One task waiting for a pool worker: the request, the future of its result, the cell to show
 * its output in, its label on the timeline, and the loader of the notebook's classes, in which
 * its result and exception are read; {@code ahead} when it may be sent to a worker that still runs
 * another task (a chunk of a map, whose chunks are of a size: the worker then starts it without a
 * round trip to the parent), not when it should wait for a free worker (a task of its own, which
 * may be long).
 */
public record PoolJob(PoolRequest request, CompletableFuture<Object> result, Cell cell, String label,
                      ClassLoader notebookClasses, boolean ahead) {
    /** Put once per worker behind the submitted tasks when the pool shuts down: the worker that takes it ends. */
    public static final PoolJob STOP = new PoolJob(new PoolRequest.Task(new byte[0]), CompletableFuture.completedFuture(null),
            null, "stop", null, false);
}
