package dev.conclab.runtime.internal.cluster;

import java.time.Duration;
import java.util.List;

/**
 * The cluster engine as the runtime sees it. Its implementation ({@code dev.conclab.cluster}, on
 * Hazelcast) lives in the {@code cluster} folder beside the runtime jar and is loaded on first use
 * ({@link EngineLoader}), so that the engine's jars cost nothing to a notebook that never uses it.
 */
public interface ClusterEngine {
    /** The environment variable a local member reads its cluster's name from (see {@link #NAME_FROM_ENVIRONMENT}). */
    String NAME_VARIABLE = "CONCLAB_CLUSTER_NAME";

    /** Given as the member's CLUSTER argument: the name is in {@link #NAME_VARIABLE}, out of sight of other users. */
    String NAME_FROM_ENVIRONMENT = "-";

    /** The class members run: its {@code main} takes the arguments {@link LocalMembers} gives. */
    String MEMBER_MAIN = "dev.conclab.cluster.ClusterMember";

    /**
     * Joins the cluster {@code clusterName} at {@code addresses} ("host:port") as a client; gives up
     * after {@code timeout} with an {@link IllegalStateException} that says what to check.
     * {@code notebook} loads the notebook's classes when values and results come back.
     */
    ClusterConnection connect(String clusterName, List<String> addresses, Duration timeout, ClassLoader notebook);
}
