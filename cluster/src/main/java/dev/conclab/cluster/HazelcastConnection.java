package dev.conclab.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.conclab.runtime.cluster.ClusterCounter;
import dev.conclab.runtime.cluster.ClusterList;
import dev.conclab.runtime.cluster.ClusterLock;
import dev.conclab.runtime.cluster.ClusterMap;
import dev.conclab.runtime.cluster.ClusterQueue;
import dev.conclab.runtime.cluster.ClusterSemaphore;
import dev.conclab.runtime.internal.cluster.ClusterConnection;
import dev.conclab.runtime.internal.cluster.MemberLostException;
import dev.conclab.runtime.internal.cluster.TaskOutcome;
import dev.conclab.runtime.internal.cluster.TaskOutput;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/** A client's connection: structures as Hazelcast proxies, tasks through its executor service. */
final class HazelcastConnection implements ClusterConnection {
    /** The member attribute that holds a member's name ("member-0"). */
    static final String NAME_ATTRIBUTE = "conclab.name";
    private static final String EXECUTOR = "conclab";
    /** How long a result waits for its task's last lines, which come by another path (the output topic). */
    private static final long LINES_WAIT_MILLIS = 5_000;

    private final HazelcastInstance client;
    private final ShippedClasses classes = new ShippedClasses();
    private final Map<String, TaskLines> running = new ConcurrentHashMap<>();
    private final OutputReader reader;

    HazelcastConnection(HazelcastInstance client) {
        this.client = client;
        this.reader = OutputReader.listen(client, this::lines);
    }

    @Override
    public <T> ClusterQueue<T> queue(String name) {
        return new HzQueue<>(client, name);
    }

    @Override
    public <K, V> ClusterMap<K, V> map(String name) {
        return new HzMap<>(client, name);
    }

    @Override
    public <T> ClusterList<T> list(String name) {
        return new HzList<>(client, name);
    }

    @Override
    public ClusterLock lock(String name) {
        return new HzLock(client, name);
    }

    @Override
    public ClusterSemaphore semaphore(String name, int permits) {
        return new HzSemaphore(client, name, permits);
    }

    @Override
    public ClusterCounter counter(String name) {
        return new HzCounter(client, name);
    }

    @Override
    public List<String> members() {
        return client.getCluster().getMembers().stream().map(HazelcastConnection::name).toList();
    }

    @Override
    public void onMembershipChange(Runnable listener) {
        client.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                listener.run();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                listener.run();
            }
        });
    }

    @Override
    public CompletableFuture<TaskOutcome> submit(String memberName, byte[] taskBytes, TaskOutput output) {
        Member member = client.getCluster().getMembers().stream().filter(m -> name(m).equals(memberName)).findFirst().orElse(null);
        if (member == null) {
            return CompletableFuture.failedFuture(new MemberLostException(memberName, new IllegalStateException("not in the cluster")));
        }
        String id = UUID.randomUUID().toString();
        TaskLines lines = new TaskLines(output);
        running.put(id, lines);
        long sent = System.nanoTime();
        CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
        try {
            ShippedTask task = new ShippedTask(taskBytes, classes.publish(client), id);
            client.getExecutorService(EXECUTOR).submitToMember(task, member, new ExecutionCallback<TaskResult>() {
                @Override
                public void onResponse(TaskResult result) {
                    // Its lines come by the topic: the result waits for them, so that they show before it.
                    if (lines.awaitOrReport(memberName, result.lines(), LINES_WAIT_MILLIS) > 0) {
                        reader.catchUp();
                    }
                    running.remove(id);
                    long end = System.nanoTime();
                    outcome.complete(new TaskOutcome(memberName, result.value(), result.failure(),
                            Math.max(sent, end - result.nanos()), end));
                }

                @Override
                public void onFailure(Throwable failure) {
                    running.remove(id);
                    outcome.completeExceptionally(lost(memberName, failure));
                }
            });
        } catch (RuntimeException e) {
            running.remove(id);
            outcome.completeExceptionally(lost(memberName, e));
        }
        return outcome;
    }

    @Override
    public void close() {
        client.shutdown();
    }

    /** A message of the output topic: lines of tasks ({@link LineSender#line}), separated by '\n'. */
    private void lines(String message) {
        for (String line : message.split("\n")) {
            String[] parts = line.split("\t", 4);
            if (parts.length < 4) {
                continue;
            }
            TaskLines lines = running.get(parts[0]);
            if (lines != null) {
                lines.print(parts[1], "e".equals(parts[2]), parts[3]);
            }
        }
    }

    /** A failure that means the member left is said as such; others pass unchanged. */
    private static Throwable lost(String member, Throwable failure) {
        Throwable cause = failure instanceof CompletionException || failure instanceof ExecutionException ? failure.getCause() : failure;
        if (cause instanceof MemberLeftException || cause instanceof TargetDisconnectedException
                || cause instanceof TargetNotMemberException || cause instanceof HazelcastInstanceNotActiveException) {
            return new MemberLostException(member, cause);
        }
        return cause;
    }

    private static String name(Member member) {
        String name = member.getAttribute(NAME_ATTRIBUTE);
        return name != null ? name : member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }
}
