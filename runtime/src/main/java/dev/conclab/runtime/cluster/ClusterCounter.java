package dev.conclab.runtime.cluster;

import java.io.Serializable;

/** A counter of the whole {@link Cluster} (Hazelcast's CP {@code IAtomicLong}, linearizable), with {@code SharedCounter}'s methods and more. */
public interface ClusterCounter extends Serializable {
    long get();

    void set(long newValue);

    long incrementAndGet();

    long addAndGet(long delta);

    boolean compareAndSet(long expected, long newValue);
}
