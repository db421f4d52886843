package dev.conclab.runtime.cluster;

import dev.conclab.runtime.ipc.ProcessMap;
import java.io.Serializable;
import java.util.Map;

/**
 * A map partitioned over the members of a {@link Cluster} (Hazelcast's {@code IMap}), with the
 * methods of {@code Manager.map()}'s {@link ProcessMap}. Keys are compared by their serialized
 * form, not by {@code equals}: use strings, numbers or records of them.
 */
public interface ClusterMap<K, V> extends Serializable {
    V put(K key, V value) throws InterruptedException;

    V get(K key) throws InterruptedException;

    V getOrDefault(K key, V fallback) throws InterruptedException;

    boolean containsKey(K key) throws InterruptedException;

    /** Atomic on the member that owns {@code key}: the merge runs there, under the key's lock. */
    V merge(K key, V value, ProcessMap.MergeFunction<V> merge) throws InterruptedException;

    V remove(K key) throws InterruptedException;

    int size() throws InterruptedException;

    /** A copy of the whole map here. */
    Map<K, V> toMap() throws InterruptedException;
}
