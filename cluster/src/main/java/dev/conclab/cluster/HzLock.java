package dev.conclab.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.lock.FencedLock;
import dev.conclab.runtime.cluster.ClusterLock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

final class HzLock implements ClusterLock {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final transient FencedLock lock;

    HzLock(HazelcastInstance hazelcast, String name) {
        this.name = name;
        this.lock = hazelcast.getCPSubsystem().getLock(name);
    }

    @Override
    public void lock() {
        ClusterCalls.now(this, () -> { lock.lock(); return null; });
    }

    @Override
    public boolean tryLock(Duration timeout) {
        return ClusterCalls.now(this, () -> lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public void unlock() {
        ClusterCalls.now(this, () -> { lock.unlock(); return null; });
    }

    @Override
    public boolean isLocked() {
        return ClusterCalls.now(this, () -> lock.isLocked());
    }

    private Object writeReplace() {
        return new Structures("lock", name);
    }

    @Override
    public String toString() {
        return "ClusterLock[" + name + "]";
    }
}
