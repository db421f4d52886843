package dev.conclab.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.conclab.runtime.internal.cluster.ClusterConnection;
import dev.conclab.runtime.internal.cluster.ClusterEngine;
import java.time.Duration;
import java.util.List;

/** {@link ClusterEngine} on Hazelcast: connects as a client, which the notebook's structures and pool use. */
public final class HazelcastEngine implements ClusterEngine {
    /** Operations on a cluster that stopped answering fail after this, instead of hanging the cell. */
    static final int INVOCATION_TIMEOUT_SECONDS = 30;

    @Override
    public ClusterConnection connect(String clusterName, List<String> addresses, Duration timeout, ClassLoader notebook) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        config.getNetworkConfig().setAddresses(addresses);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(timeout.toMillis());
        config.setClassLoader(new NotebookThenEngine(notebook, HazelcastEngine.class.getClassLoader()));
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.client.invocation.timeout.seconds", String.valueOf(INVOCATION_TIMEOUT_SECONDS));
        config.setProperty("hazelcast.client.statistics.enabled", "false");
        OutputReader.configure(config);
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(config);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot reach the cluster \"" + clusterName + "\" at " + addresses + " within "
                    + timeout.toSeconds() + " s: check that its members run, that the addresses and the cluster name are"
                    + " theirs, and that no firewall is between (" + e.getMessage() + ")", e);
        }
        return new HazelcastConnection(client);
    }

    /**
     * Loads what comes back from the members: the notebook's classes (records, exceptions, lambdas)
     * first, then the engine's own (task results, Hazelcast's exceptions).
     */
    private static final class NotebookThenEngine extends ClassLoader {
        private final ClassLoader engine;

        NotebookThenEngine(ClassLoader notebook, ClassLoader engine) {
            super("conclab-cluster-client", notebook == null ? engine : notebook);
            this.engine = engine;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            return engine.loadClass(name);
        }
    }
}
