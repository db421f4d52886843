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
        return counter.get();
    }

    @Override
    public void set(long newValue) {
        counter.set(newValue);
    }

    @Override
    public long incrementAndGet() {
        return counter.incrementAndGet();
    }

    @Override
    public long addAndGet(long delta) {
        return counter.addAndGet(delta);
    }

    @Override
    public boolean compareAndSet(long expected, long newValue) {
        return counter.compareAndSet(expected, newValue);
    }

    private Object writeReplace() {
        return new Structures("counter", name);
    }

    @Override
    public String toString() {
        return "ClusterCounter[" + name + "] = " + get();
    }
}
