package dev.conclab.runtime.cluster;

import java.io.Serializable;
import java.time.Duration;

/**
 * A queue every member and client of a {@link Cluster} shares (Hazelcast's {@code IQueue}), with
 * {@code ProcessQueue}'s methods. Its items live in one member's memory with a backup on another;
 * a task on a member that captures it uses it there.
 */
public interface ClusterQueue<T> extends Serializable {
    /** Adds {@code value} at the tail. */
    void put(T value) throws InterruptedException;

    /** Takes the head, waiting for one. */
    T take() throws InterruptedException;

    /** Takes the head, waiting at most {@code timeout}; null if none came. */
    T poll(Duration timeout) throws InterruptedException;

    int size() throws InterruptedException;

    boolean isEmpty() throws InterruptedException;
}
