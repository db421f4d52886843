package dev.conclab.cluster;

import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.client.HazelcastClientOfflineException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.TargetDisconnectedException;

/**
 * Calls on a structure, with Hazelcast's failures to reach the cluster said for the notebook:
 * what was called, why it got no answer, and what to do.
 */
final class ClusterCalls {
    private ClusterCalls() {}

    interface Call<T> {
        T run() throws InterruptedException;
    }

    interface VoidCall {
        void run() throws InterruptedException;
    }

    static <T> T call(Object structure, Call<T> call) throws InterruptedException {
        try {
            return call.run();
        } catch (HazelcastClientNotActiveException | HazelcastInstanceNotActiveException e) {
            throw new IllegalStateException(structure + ": this connection to the cluster is closed (cluster.close(),"
                    + " Cells.stop or a lost cluster); make a new one with Cluster.local or Cluster.connect", e);
        } catch (OperationTimeoutException | HazelcastClientOfflineException | TargetDisconnectedException e) {
            // A call fails when its connection drops, or after the client's invocation timeout at the latest.
            throw new IllegalStateException(structure + " cannot reach the cluster (no answer within "
                    + HazelcastEngine.INVOCATION_TIMEOUT_SECONDS + " s, or the connection closed): its members have"
                    + " stopped or cannot be reached; check cluster.members(), or start it again", e);
        }
    }

    static void run(Object structure, VoidCall call) throws InterruptedException {
        call(structure, () -> {
            call.run();
            return null;
        });
    }

    /** For calls that cannot be interrupted: an interrupt cannot come, so none is declared. */
    static <T> T now(Object structure, Call<T> call) {
        try {
            return call(structure, call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(structure + ": interrupted", e);
        }
    }
}
