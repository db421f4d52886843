package dev.conclab.runtime.cluster;

import dev.conclab.runtime.internal.cluster.ClusterConnection;
import dev.conclab.runtime.internal.cluster.EngineLoader;
import dev.conclab.runtime.internal.cluster.LocalMembers;
import dev.conclab.runtime.internal.cluster.MembershipWatch;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A cluster of JVMs on Hazelcast, from a cell: the queue, map, list, lock, semaphore and counter of
 * {@code runtime.ipc} shared by every member and client, and a {@link ClusterPool} that runs the
 * notebook's lambdas on the members.
 *
 * <pre>{@code
 * try (var cluster = Cluster.local(3)) {          // three member JVMs on this machine
 *     var jobs = cluster.<Integer>queue("jobs");
 *     var pool = cluster.pool();
 *     List<Integer> squares = pool.map(n -> n * n, List.of(1, 2, 3));
 * }
 * }</pre>
 */
public final class Cluster implements AutoCloseable {
    /** How long a start or a connection may take before the cell is told why it failed. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    private final ClusterConnection connection;
    private final LocalMembers local;
    private final MembershipWatch membership = new MembershipWatch();

    private Cluster(String name, ClusterConnection connection, LocalMembers local) {
        this.name = name;
        this.connection = connection;
        this.local = local;
        connection.onMembershipChange(membership::changed);
        if (local != null) {
            local.onEnd(membership::changed);
        }
    }

    /**
     * Starts {@code members} member JVMs on this machine (each a child of the kernel, with a
     * 128 MB heap, reachable from 127.0.0.1 only) and joins them as a client. With three or more,
     * the lock, semaphore and counter are kept by Raft on three of them (linearizable).
     */
    public static Cluster local(int members) {
        if (members < 1 || members > 9) {
            throw new IllegalArgumentException("a local cluster has 1 to 9 members, not " + members
                    + "; each is a JVM on this machine");
        }
        ClassLoader notebook = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getClassLoader();
        String clusterName = "conclab-" + UUID.randomUUID();
        LocalMembers local = LocalMembers.start(clusterName, members);
        try {
            ClusterConnection connection = EngineLoader.load().connect(clusterName, local.addresses(), CONNECT_TIMEOUT, notebook);
            Cluster cluster = new Cluster(clusterName, connection, local);
            cluster.awaitMembers(members);
            return cluster;
        } catch (RuntimeException e) {
            local.stop();
            String ended = local.ended();
            throw ended == null ? e : new IllegalStateException("the cluster did not start: " + ended + " ended; its output is above", e);
        }
    }

    /**
     * Joins a running cluster as a client: {@code addresses} are "host:port" of some of its
     * members, separated by commas; its cluster name is Hazelcast's default, "dev".
     */
    public static Cluster connect(String addresses) {
        return connect("dev", addresses);
    }

    /** Joins the running cluster named {@code clusterName} at {@code addresses} ("host:port", separated by commas). */
    public static Cluster connect(String clusterName, String addresses) {
        List<String> list = Arrays.stream(addresses.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (list.isEmpty()) {
            throw new IllegalArgumentException("give the address of at least one member, as \"host:5701\"");
        }
        ClassLoader notebook = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getClassLoader();
        return new Cluster(clusterName, EngineLoader.load().connect(clusterName, list, CONNECT_TIMEOUT, notebook), null);
    }

    public String name() {
        return name;
    }

    /** The names of the members now in the cluster ("member-0", ... for a local one; else their addresses). */
    public List<String> members() {
        return connection.members();
    }

    public <T> ClusterQueue<T> queue(String name) {
        return connection.queue(name);
    }

    public <K, V> ClusterMap<K, V> map(String name) {
        return connection.map(name);
    }

    public <T> ClusterList<T> list(String name) {
        return connection.list(name);
    }

    public ClusterLock lock(String name) {
        return connection.lock(name);
    }

    /** The semaphore {@code name}, given {@code permits} if it is new (an existing one keeps its own). */
    public ClusterSemaphore semaphore(String name, int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("a semaphore starts with 0 or more permits, not " + permits);
        }
        return connection.semaphore(name, permits);
    }

    public ClusterCounter counter(String name) {
        return connection.counter(name);
    }

    /** A pool that runs tasks on the members, in turn. */
    public ClusterPool pool() {
        return new ClusterPool(connection);
    }

    /**
     * Kills member {@code member} of a local cluster at once (SIGKILL), as a crashed machine: the
     * others take over its data from their backups. Returns once the cluster has seen it leave
     * (within {@code CONNECT_TIMEOUT}), so that {@link #members()} no longer lists it; the last
     * member's departure no one is left to tell, so that one returns at once.
     */
    public void killMember(String member) {
        if (local == null) {
            throw new IllegalStateException("only the members of a Cluster.local are this notebook's to kill");
        }
        boolean othersRemain = connection.members().size() > 1;
        local.kill(member);
        if (!othersRemain) {
            return;
        }
        try {
            membership.await(() -> !connection.members().contains(member), CONNECT_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Leaves the cluster; a local cluster's members are ended too. */
    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            if (local != null) {
                local.stop();
            }
        }
    }

    private void awaitMembers(int count) {
        boolean joined;
        try {
            joined = membership.await(() -> connection.members().size() >= count || local.ended() != null, CONNECT_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the cluster started", e);
        }
        String ended = local.ended();
        if (ended != null && connection.members().size() < count) {
            throw new IllegalStateException("the cluster did not start: " + ended + " ended; its output is above");
        }
        if (!joined) {
            throw new IllegalStateException("the cluster did not start: " + connection.members().size() + " of " + count
                    + " members joined within " + CONNECT_TIMEOUT.toSeconds() + " s; is the machine short of memory?");
        }
    }

    @Override
    public String toString() {
        return "Cluster[" + name + ", members " + members() + "]";
    }
}
