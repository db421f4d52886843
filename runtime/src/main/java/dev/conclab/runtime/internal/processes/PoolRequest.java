package dev.conclab.runtime.internal.processes;

/** What the parent hands a pool worker: a task of its own, or a chunk of a map ({@link MapChunk}). */
public sealed interface PoolRequest permits PoolRequest.Task, MapChunk {
    /** A task submitted on its own, serialized when it was submitted (so that one that cannot travel fails there). */
    record Task(byte[] serialized) implements PoolRequest {}
}
