package dev.conclab.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientReliableTopicConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.ReliableMessageListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client's reader of the members' output ({@link MemberOutput#TOPIC}, a ReliableTopic): it
 * reads the topic's ringbuffer from where it was registered, so a line a member publishes before
 * the client has even connected to that member still comes. A client that falls more than the
 * ringbuffer behind skips what was overwritten and goes on (the task's result then says how many
 * of its lines are missing); a reader Hazelcast cancels (a read failed as a member died) is
 * registered again from the next line it had not read.
 */
final class OutputListener implements ReliableMessageListener<String> {
    /** A pause before registering again, so that a cluster that fails every read is not asked in a tight loop. */
    private static final long RETRY_MILLIS = 200;
    /** Messages per read: Hazelcast's default of 10 would cost a round trip per 10 lines of a task that prints much. */
    private static final int READ_BATCH = 1_000;

    private final HazelcastInstance client;
    private final Consumer<String> lines;
    /** The sequence of the next message to read; -1 before the first: from the ringbuffer's tail. */
    private volatile long next;

    private OutputListener(HazelcastInstance client, Consumer<String> lines, long next) {
        this.client = client;
        this.lines = lines;
        this.next = next;
    }

    /** The client's side of the topic: large reads. */
    static void configure(ClientConfig config) {
        config.addReliableTopicConfig(new ClientReliableTopicConfig(MemberOutput.TOPIC).setReadBatchSize(READ_BATCH));
    }

    /** Registers a reader that gives {@code lines} every message published from now on; returns once registered. */
    static void listen(HazelcastInstance client, Consumer<String> lines) {
        register(new OutputListener(client, lines, -1));
    }

    private static void register(OutputListener listener) {
        listener.client.<String>getReliableTopic(MemberOutput.TOPIC).addMessageListener(listener);
    }

    @Override
    public void onMessage(Message<String> message) {
        lines.accept(message.getMessageObject());
    }

    @Override
    public long retrieveInitialSequence() {
        return next;
    }

    @Override
    public void storeSequence(long sequence) {
        next = sequence + 1;
    }

    @Override
    public boolean isLossTolerant() {
        return true;
    }

    @Override
    public boolean isTerminal(Throwable failure) {
        return false; // a line the cell could not take must not end the output of every later task
    }

    @Override
    public void onCancel() {
        registerAgainLater(new OutputListener(client, lines, next));
    }

    private static void registerAgainLater(OutputListener listener) {
        if (!listener.client.getLifecycleService().isRunning()) {
            return; // the connection was closed: nothing is left to read for
        }
        CompletableFuture.runAsync(() -> {
            try {
                register(listener);
            } catch (RuntimeException e) {
                registerAgainLater(listener);
            }
        }, CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS));
    }
}
