package dev.conclab.runtime.cluster;

import dev.conclab.runtime.threads.Task;
import java.io.Serializable;
import java.time.Duration;

/** A semaphore of the whole {@link Cluster} (Hazelcast's CP {@code ISemaphore}, linearizable), with {@code ProcessSemaphore}'s methods. */
public interface ClusterSemaphore extends Serializable {
    void acquire() throws InterruptedException;

    /** Waits at most {@code timeout}; whether a permit was taken. */
    boolean tryAcquire(Duration timeout) throws InterruptedException;

    void release() throws InterruptedException;

    int availablePermits();

    /** Runs {@code body} holding a permit. */
    default void withPermit(Task body) throws Exception {
        acquire();
        try {
            body.run();
        } finally {
            release();
        }
    }
}
