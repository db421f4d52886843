package dev.conclab.runtime.cluster;

import dev.conclab.runtime.threads.Task;
import java.io.Serializable;
import java.time.Duration;

/**
 * A lock of the whole {@link Cluster} (Hazelcast's CP {@code FencedLock}: linearizable, kept by
 * Raft on the CP members), with {@code ProcessLock}'s methods. Reentrant for the same thread of the
 * same member or client. If the holder's member dies, the lock is freed once its CP session expires.
 */
public interface ClusterLock extends Serializable {
    void lock();

    /** Waits at most {@code timeout}; whether the lock was taken. */
    boolean tryLock(Duration timeout);

    void unlock();

    /** Runs {@code body} holding the lock. */
    default void locked(Task body) throws Exception {
        lock();
        try {
            body.run();
        } finally {
            unlock();
        }
    }

    /** Whether any member or client holds the lock now. */
    boolean isLocked();
}
