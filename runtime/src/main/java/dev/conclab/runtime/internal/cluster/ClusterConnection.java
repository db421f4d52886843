package dev.conclab.runtime.internal.cluster;

import dev.conclab.runtime.cluster.ClusterCounter;
import dev.conclab.runtime.cluster.ClusterList;
import dev.conclab.runtime.cluster.ClusterLock;
import dev.conclab.runtime.cluster.ClusterMap;
import dev.conclab.runtime.cluster.ClusterQueue;
import dev.conclab.runtime.cluster.ClusterSemaphore;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A client's link to a running cluster: its structures, its members and the work sent to them. */
public interface ClusterConnection extends AutoCloseable {
    <T> ClusterQueue<T> queue(String name);

    <K, V> ClusterMap<K, V> map(String name);

    <T> ClusterList<T> list(String name);

    ClusterLock lock(String name);

    ClusterSemaphore semaphore(String name, int permits);

    ClusterCounter counter(String name);

    /** The names of the members now in the cluster. */
    List<String> members();

    /** Calls {@code listener} (on the engine's thread) whenever a member joins or leaves. */
    void onMembershipChange(Runnable listener);

    /**
     * Runs the serialized task ({@code taskBytes}, a {@code Callable}) on the member {@code member};
     * the future fails with {@link MemberLostException} if that member leaves before answering.
     * What the task prints goes to {@code output} before the future completes.
     */
    CompletableFuture<TaskOutcome> submit(String member, byte[] taskBytes, TaskOutput output);

    /** Leaves the cluster (the members keep running). */
    @Override
    void close();
}
