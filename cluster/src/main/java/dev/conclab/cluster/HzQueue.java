package dev.conclab.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import dev.conclab.runtime.cluster.ClusterQueue;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

final class HzQueue<T> implements ClusterQueue<T> {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final transient IQueue<T> queue;

    HzQueue(HazelcastInstance hazelcast, String name) {
        this.name = name;
        this.queue = hazelcast.getQueue(name);
    }

    @Override
    public void put(T value) throws InterruptedException {
        ClusterCalls.run(this, () -> queue.put(value));
    }

    @Override
    public T take() throws InterruptedException {
        return ClusterCalls.call(this, () -> queue.take());
    }

    @Override
    public T poll(Duration timeout) throws InterruptedException {
        return ClusterCalls.call(this, () -> queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public int size() {
        return ClusterCalls.now(this, () -> queue.size());
    }

    @Override
    public boolean isEmpty() {
        return ClusterCalls.now(this, () -> queue.isEmpty());
    }

    private Object writeReplace() {
        return new Structures("queue", name);
    }

    @Override
    public String toString() {
        return "ClusterQueue[" + name + "]";
    }
}
