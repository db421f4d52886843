package dev.conclab.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.ISemaphore;
import dev.conclab.runtime.cluster.ClusterSemaphore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

final class HzSemaphore implements ClusterSemaphore {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final transient ISemaphore semaphore;

    /** {@code permits} below 0: an existing semaphore, as a task on a member sees it. */
    HzSemaphore(HazelcastInstance hazelcast, String name, int permits) {
        this.name = name;
        this.semaphore = hazelcast.getCPSubsystem().getSemaphore(name);
        if (permits >= 0) {
            semaphore.init(permits); // false, and no change, when it has been made before
        }
    }

    @Override
    public void acquire() throws InterruptedException {
        ClusterCalls.run(this, () -> semaphore.acquire());
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return ClusterCalls.call(this, () -> semaphore.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public void release() {
        ClusterCalls.now(this, () -> { semaphore.release(); return null; });
    }

    @Override
    public int availablePermits() {
        return ClusterCalls.now(this, () -> semaphore.availablePermits());
    }

    private Object writeReplace() {
        return new Structures("semaphore", name);
    }

    @Override
    public String toString() {
        return "ClusterSemaphore[" + name + "]";
    }
}
