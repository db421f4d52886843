package dev.conclab.runtime.cluster;

import java.io.Serializable;
import java.util.List;

/** A list in the {@link Cluster} (Hazelcast's {@code IList}, held by one member with a backup), with {@code Manager.list()}'s methods. */
public interface ClusterList<T> extends Serializable {
    void add(T element) throws InterruptedException;

    T get(int index) throws InterruptedException;

    T set(int index, T element) throws InterruptedException;

    int size() throws InterruptedException;

    /** A copy of the whole list here. */
    List<T> toList() throws InterruptedException;
}
