package dev.conclab.cluster;

import com.hazelcast.collection.IList;
import com.hazelcast.core.HazelcastInstance;
import dev.conclab.runtime.cluster.ClusterList;
import java.util.ArrayList;
import java.util.List;

final class HzList<T> implements ClusterList<T> {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final transient IList<T> list;

    HzList(HazelcastInstance hazelcast, String name) {
        this.name = name;
        this.list = hazelcast.getList(name);
    }

    @Override
    public void add(T element) {
        ClusterCalls.now(this, () -> { list.add(element); return null; });
    }

    @Override
    public T get(int index) {
        return ClusterCalls.now(this, () -> list.get(index));
    }

    @Override
    public T set(int index, T element) {
        return ClusterCalls.now(this, () -> list.set(index, element));
    }

    @Override
    public int size() {
        return ClusterCalls.now(this, () -> list.size());
    }

    @Override
    public List<T> toList() {
        return ClusterCalls.now(this, () -> new ArrayList<>(list));
    }

    private Object writeReplace() {
        return new Structures("list", name);
    }

    @Override
    public String toString() {
        return "ClusterList[" + name + "]";
    }
}
