package dev.conclab.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicLong;
import dev.conclab.runtime.cluster.ClusterCounter;

final class HzCounter implements ClusterCounter {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final transient IAtomicLong counter;

    HzCounter(HazelcastInstance hazelcast, String name) {
        this.name = name;
        this.counter = hazelcast.getCPSubsystem().getAtomicLong(name);
    }

    @Override
    public long get() {
        return ClusterCalls.now(this, () -> counter.get());
    }

    @Override
    public void set(long newValue) {
        ClusterCalls.now(this, () -> { counter.set(newValue); return null; });
    }

    @Override
    public long incrementAndGet() {
        return ClusterCalls.now(this, () -> counter.incrementAndGet());
    }

    @Override
    public long addAndGet(long delta) {
        return ClusterCalls.now(this, () -> counter.addAndGet(delta));
    }

    @Override
    public boolean compareAndSet(long expected, long newValue) {
        return ClusterCalls.now(this, () -> counter.compareAndSet(expected, newValue));
    }

    private Object writeReplace() {
        return new Structures("counter", name);
    }

    @Override
    public String toString() {
        return "ClusterCounter[" + name + "]";
    }
}
