package dev.conclab.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientReliableTopicConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.impl.RingbufferService;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.ReliableMessageListener;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client's reader of the members' output ({@link MemberOutput#TOPIC}, a ReliableTopic): it
 * reads the topic's ringbuffer from where it was registered, so a line a member publishes before
 * the client has even connected to that member still comes. A client that falls more than the
 * ringbuffer behind skips what was overwritten and goes on (the task's result then says how many
 * of its lines are missing); a registration Hazelcast cancels (a read failed as a member died) is
 * made again from the next message not read; and if the ringbuffer itself was lost (its member
 * died before its backup was made), {@link #catchUp} starts again from its new tail.
 */
final class OutputReader {
    /** A pause before registering again, so that a cluster that fails every read is not asked in a tight loop. */
    private static final long RETRY_MILLIS = 200;
    /** Messages per read (each up to {@link LineSender#MESSAGE_CHARS}): Hazelcast's default of 10 costs more round trips. */
    private static final int READ_BATCH = 100;

    private final HazelcastInstance client;
    private final Consumer<String> messages;
    /** The sequence of the next message to read; -1 before the first: from the ringbuffer's tail. */
    private volatile long next = -1;
    private Registration current;

    private OutputReader(HazelcastInstance client, Consumer<String> messages) {
        this.client = client;
        this.messages = messages;
    }

    /** The client's side of the topic: large reads. */
    static void configure(ClientConfig config) {
        config.addReliableTopicConfig(new ClientReliableTopicConfig(MemberOutput.TOPIC).setReadBatchSize(READ_BATCH));
    }

    /** A reader that gives {@code messages} every message published from now on; returns once it is registered. */
    static OutputReader listen(HazelcastInstance client, Consumer<String> messages) {
        OutputReader reader = new OutputReader(client, messages);
        reader.register();
        return reader;
    }

    /**
     * Called when a task's lines did not all come: if this reader waits beyond the ringbuffer's
     * tail (the ringbuffer was lost and began again at 0), it reads from the tail from now on,
     * rather than miss every later line.
     */
    synchronized void catchUp() {
        long tail;
        try {
            tail = client.getRingbuffer(RingbufferService.TOPIC_RB_PREFIX + MemberOutput.TOPIC).tailSequence();
        } catch (RuntimeException e) {
            return; // no answer: the next task whose lines go missing looks again
        }
        if (next > tail + 1) {
            Registration stale = current;
            stale.replaced = true;
            next = tail + 1;
            topic().removeMessageListener(stale.id);
            try {
                register();
            } catch (RuntimeException e) {
                registerAgainLater(current);
            }
        }
    }

    private ITopic<String> topic() {
        return client.getReliableTopic(MemberOutput.TOPIC);
    }

    private synchronized void register() {
        Registration registration = new Registration(next);
        current = registration;
        registration.id = topic().addMessageListener(registration);
    }

    /** Registers again in a moment, unless {@code cancelled} has been replaced meanwhile (by {@link #catchUp}). */
    private void registerAgainLater(Registration cancelled) {
        if (!client.getLifecycleService().isRunning()) {
            return; // the connection was closed: nothing is left to read for
        }
        CompletableFuture.runAsync(() -> {
            synchronized (this) {
                if (current != cancelled) {
                    return;
                }
                try {
                    register();
                } catch (RuntimeException e) {
                    registerAgainLater(current);
                }
            }
        }, CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS));
    }

    /** One registration of the reader on the topic; one that was replaced does nothing more. */
    private final class Registration implements ReliableMessageListener<String> {
        private final long from;
        private volatile boolean replaced;
        private volatile UUID id;

        Registration(long from) {
            this.from = from;
        }

        @Override
        public void onMessage(Message<String> message) {
            if (!replaced) {
                messages.accept(message.getMessageObject());
            }
        }

        @Override
        public long retrieveInitialSequence() {
            return from;
        }

        @Override
        public void storeSequence(long sequence) {
            if (!replaced) {
                next = sequence + 1;
            }
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
            if (!replaced) {
                registerAgainLater(this);
            }
        }
    }
}
