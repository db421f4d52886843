package dev.conclab.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.conclab.runtime.cluster.ClusterMap;
import dev.conclab.runtime.ipc.ProcessMap;
import java.util.HashMap;
import java.util.Map;

final class HzMap<K, V> implements ClusterMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final transient IMap<K, V> map;

    HzMap(HazelcastInstance hazelcast, String name) {
        this.name = name;
        this.map = hazelcast.getMap(name);
    }

    @Override
    public V put(K key, V value) {
        return ClusterCalls.now(this, () -> map.put(key, value));
    }

    @Override
    public V get(K key) {
        return ClusterCalls.now(this, () -> map.get(key));
    }

    @Override
    public V getOrDefault(K key, V fallback) {
        V value = get(key);
        return value == null ? fallback : value;
    }

    @Override
    public boolean containsKey(K key) {
        return ClusterCalls.now(this, () -> map.containsKey(key));
    }

    /** ConcurrentMap's merge: compare-and-set on the key's owner, retried until no other writer came between. */
    @Override
    public V merge(K key, V value, ProcessMap.MergeFunction<V> merge) {
        return ClusterCalls.now(this, () -> map.merge(key, value, merge));
    }

    @Override
    public V remove(K key) {
        return ClusterCalls.now(this, () -> map.remove(key));
    }

    @Override
    public int size() {
        return ClusterCalls.now(this, () -> map.size());
    }

    @Override
    public Map<K, V> toMap() {
        return ClusterCalls.now(this, () -> new HashMap<>(map));
    }

    private Object writeReplace() {
        return new Structures("map", name);
    }

    @Override
    public String toString() {
        return "ClusterMap[" + name + "]";
    }
}
