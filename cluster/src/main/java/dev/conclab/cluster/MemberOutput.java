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
 * <p>The topic is a ReliableTopic: each line is added to one ringbuffer (with a backup on another
 * member) that the client reads from where it registered ({@link OutputListener}). A plain ITopic
 * lost lines: a smart client registers its listener on each member only once it has connected to
 * it, which it does in the background, up to a second after the member joins, while a task sent
 * there through another connection already runs and publishes to no one.
 */
final class MemberOutput {
    static final String TOPIC = "conclab.output";
    /** The lines the ringbuffer keeps: a client that falls further behind skips the oldest (and is told). */
    static final int KEPT_LINES = 10_000;
    /** The key of this object in the member's user context, where {@link ShippedTask} finds it. */
    static final String KEY = "conclab.output";

    /** The task the current thread prints for: its id and the count of lines sent. */
    record Task(String id, AtomicInteger lines) {}

    private final InheritableThreadLocal<Task> task = new InheritableThreadLocal<>();
    private final String member;
    private ITopic<String> topic;

    MemberOutput(String member) {
        this.member = member;
    }

    /** Replaces System.out and System.err; lines of tasks go to {@code topic} from now on. */
    void install(ITopic<String> topic) {
        this.topic = topic;
        System.setOut(new PrintStream(new Lines(System.out, "o"), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Lines(System.err, "e"), true, StandardCharsets.UTF_8));
    }

    /** The topic's ringbuffer: the last {@link #KEPT_LINES} lines, the oldest overwritten rather than the task blocked. */
    static void configure(Config config) {
        config.addReliableTopicConfig(new ReliableTopicConfig(TOPIC).setTopicOverloadPolicy(TopicOverloadPolicy.DISCARD_OLDEST));
        config.addRingBufferConfig(new RingbufferConfig(RingbufferService.TOPIC_RB_PREFIX + TOPIC).setCapacity(KEPT_LINES));
    }

    void begin(Task running) {
        task.set(running);
    }

    void end() {
        System.out.flush();
        System.err.flush();
        task.remove();
    }

    /** One line of a task: "task id TAB member TAB o|e TAB text". */
    static String message(String taskId, String member, String stream, String text) {
        return taskId + "\t" + member + "\t" + stream + "\t" + text;
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
            running.lines().incrementAndGet();
            try {
                topic.publish(message(running.id(), member, stream, text));
            } catch (RuntimeException e) {
                // Counted but not sent: the client says the line is missing; the task's print must not throw.
            }
        }
    }
}
