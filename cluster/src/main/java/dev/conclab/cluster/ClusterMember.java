package dev.conclab.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.cp.CPSubsystemConfig;
import com.hazelcast.config.cp.SemaphoreConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.conclab.runtime.internal.cluster.ClusterEngine;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A member of a notebook's cluster: {@code Cluster.local} starts these as child JVMs, and a cluster
 * on other machines runs the same class, so that tasks' output comes back and the notebook's
 * classes load there:
 *
 * <pre>
 * java -Xmx256m -cp "conclab-runtime.jar:cluster/*" dev.conclab.cluster.ClusterMember \
 *      NAME CLUSTER PORT HOST:PORT,HOST:PORT,... [CP-MEMBERS [PARENT-PID]]
 * </pre>
 *
 * CLUSTER "-" reads the name from the environment variable CONCLAB_CLUSTER_NAME, where other
 * users cannot see it (Cluster.local does so: the name is the cluster's only password).
 * CP-MEMBERS is 3 (Raft, linearizable locks, semaphores, counters) or 0 (unsafe mode, for fewer
 * than three members); with PARENT-PID, the member ends with that process, as a notebook's children do.
 */
public final class ClusterMember {
    private ClusterMember() {}

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: ClusterMember NAME CLUSTER PORT HOST:PORT,... [CP-MEMBERS [PARENT-PID]]");
            System.exit(2);
        }
        String name = args[0];
        if (args.length > 5) {
            watchParent(Long.parseLong(args[5]));
        }
        // Hazelcast's INFO and WARNING lines (joins, partitions moving) would fill the cell; errors still show.
        Logger.getLogger("com.hazelcast").setLevel(Level.SEVERE);
        String cluster = args[1].equals(ClusterEngine.NAME_FROM_ENVIRONMENT) ? System.getenv(ClusterEngine.NAME_VARIABLE) : args[1];
        if (cluster == null || cluster.isBlank()) {
            System.err.println("ClusterMember: CLUSTER is \"-\" but " + ClusterEngine.NAME_VARIABLE + " is not set");
            System.exit(2);
        }
        Config config = config(name, cluster, Integer.parseInt(args[2]), Arrays.asList(args[3].split(",")),
                args.length > 4 ? Integer.parseInt(args[4]) : 3);
        MemberOutput output = new MemberOutput(name);
        config.getUserContext().put(MemberOutput.KEY, output);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        output.install(member.getReliableTopic(MemberOutput.TOPIC));
    }

    static Config config(String name, String cluster, int port, List<String> members, int cpMembers) {
        Config config = new Config();
        config.setClusterName(cluster);
        config.setInstanceName(name);
        config.getMemberAttributeConfig().setAttribute(HazelcastConnection.NAME_ATTRIBUTE, name);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).setMembers(members);
        if (members.stream().allMatch(member -> member.startsWith("127.0.0.1:"))) {
            // A local cluster: reachable from this machine only.
            config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
            config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        }
        CPSubsystemConfig cp = config.getCPSubsystemConfig();
        cp.setCPMemberCount(cpMembers);
        // A dead member's locks are freed after 10 s rather than Hazelcast's 5 minutes.
        cp.setSessionHeartbeatIntervalSeconds(2);
        cp.setSessionTimeToLiveSeconds(10);
        // Permits as java.util.concurrent.Semaphore's: any member may release one (producer/consumer signals).
        cp.addSemaphoreConfig(new SemaphoreConfig("*", true, 0));
        MemberOutput.configure(config);
        return config;
    }

    private static void watchParent(long pid) {
        var parent = ProcessHandle.of(pid);
        if (parent.isEmpty()) {
            Runtime.getRuntime().halt(143);
        }
        parent.get().onExit().thenRun(() -> Runtime.getRuntime().halt(143));
    }
}
