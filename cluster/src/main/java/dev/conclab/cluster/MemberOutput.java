package dev.conclab.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.ReliableTopicConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.ringbuffer.impl.RingbufferService;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.TopicOverloadPolicy;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A member's {@code System.out} and {@code System.err}: a line printed by a task (or a thread it
 * started) is published on the topic {@value #TOPIC} for the client that sent the task; other
 * lines go to the member's own output.
 *
 * <p>The topic is a ReliableTopic: lines are added, in batches ({@link LineSender}), to one
 * ringbuffer (with a backup on another member) that the client reads from where it registered
 * ({@link OutputReader}). A plain ITopic lost lines: a smart client registers its listener on a
 * member only once it has connected to it, which it does in the background, up to a second after
 * the member joins, while a task sent there through another connection already runs and
 * publishes to no one.
 */
final class MemberOutput {
    static final String TOPIC = "conclab.output";
    /** How long a task's end waits for its lines to be on the topic (they are within milliseconds, unless the cluster is in trouble). */
    private static final long SEND_WAIT_MILLIS = 5_000;
    /** The key of this object in the member's user context, where {@link ShippedTask} finds it. */
    static final String KEY = "conclab.output";

    /** The task the current thread prints for: its id, the count of lines it printed and of those sent (or given up). */
    record Task(String id, AtomicInteger lines, AtomicInteger sent) {
        Task(String id) {
            this(id, new AtomicInteger(), new AtomicInteger());
        }
    }

    private final InheritableThreadLocal<Task> task = new InheritableThreadLocal<>();
    private final String member;
    private LineSender sender;

    MemberOutput(String member) {
        this.member = member;
    }

    /** Replaces System.out and System.err; lines of tasks go to {@code topic} from now on. */
    void install(ITopic<String> topic) {
        this.sender = new LineSender(topic);
        System.setOut(new PrintStream(new Lines(System.out, "o"), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Lines(System.err, "e"), true, StandardCharsets.UTF_8));
    }

    /** The topic's ringbuffer: the last {@link LineSender#KEPT_MESSAGES} messages, the oldest overwritten rather than a task blocked. */
    static void configure(Config config) {
        config.addReliableTopicConfig(new ReliableTopicConfig(TOPIC).setTopicOverloadPolicy(TopicOverloadPolicy.DISCARD_OLDEST));
        config.addRingBufferConfig(new RingbufferConfig(RingbufferService.TOPIC_RB_PREFIX + TOPIC)
                .setCapacity(LineSender.KEPT_MESSAGES));
    }

    void begin(Task running) {
        task.set(running);
    }

    /** Sends the task's unended lines, and waits until all its lines are on the topic. */
    void end() {
        System.out.flush();
        System.err.flush();
        Task ended = task.get();
        task.remove();
        if (ended != null) {
            sender.awaitSent(ended, SEND_WAIT_MILLIS);
        }
    }

    private final class Lines extends OutputStream {
        private final PrintStream original;
        private final String stream;
        private final ThreadLocal<ByteArrayOutputStream> line = ThreadLocal.withInitial(ByteArrayOutputStream::new);

        Lines(PrintStream original, String stream) {
            this.original = original;
            this.stream = stream;
        }

        @Override
        public void write(int b) {
            Task running = task.get();
            if (running == null) {
                original.write(b);
                return;
            }
            if (b == '\n') {
                send(running);
            } else {
                line.get().write(b);
            }
        }

        @Override
        public void flush() {
            Task running = task.get();
            if (running == null) {
                original.flush();
            } else if (line.get().size() > 0) {
                send(running);
            }
        }

        private void send(Task running) {
            String text = line.get().toString(StandardCharsets.UTF_8);
            line.get().reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            sender.send(running, LineSender.line(running.id(), member, stream, text));
        }
    }
}
