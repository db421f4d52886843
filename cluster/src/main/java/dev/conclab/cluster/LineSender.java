package dev.conclab.cluster;

import com.hazelcast.topic.ITopic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A member's tasks' lines on their way to the output topic, in batches: one topic message (a
 * ringbuffer add and its backup, a round trip or two) carries every line that queued while the
 * last was being added, so a task that prints 10,000 lines pays for tens of adds, not 10,000.
 * A message is its lines joined by '\n' (a line has none); each line is {@link #line}.
 */
final class LineSender {
    /** About the most characters in one message: the ringbuffer keeps {@link #KEPT_MESSAGES} of them, in a member's small heap. */
    static final int MESSAGE_CHARS = 16 * 1024;
    /** The messages the topic's ringbuffer keeps (at most about 16 MB): a client further behind skips the oldest. */
    static final int KEPT_MESSAGES = 1_000;
    /** Lines waiting at most: a task that prints faster than they go waits, rather than fill the heap. */
    private static final int QUEUED_LINES = 10_000;
    /** How long a print waits for room before its line is given up (the cluster takes no message). */
    private static final long FULL_WAIT_SECONDS = 30;

    /** One line and the task that printed it. */
    private record Queued(MemberOutput.Task task, String line) {}

    private final ITopic<String> topic;
    private final BlockingQueue<Queued> queue = new ArrayBlockingQueue<>(QUEUED_LINES);

    LineSender(ITopic<String> topic) {
        this.topic = topic;
        Thread sender = new Thread(this::sendForever, "conclab-output-sender");
        sender.setDaemon(true);
        sender.start();
    }

    /** One line of a task: "task id TAB member TAB o|e TAB text". */
    static String line(String taskId, String member, String stream, String text) {
        return taskId + "\t" + member + "\t" + stream + "\t" + text;
    }

    /**
     * Queues a line of {@code task} (counted in it); waits while the queue is full, up to
     * {@link #FULL_WAIT_SECONDS}, then gives the line up: counted and not sent, the client says it is missing.
     */
    void send(MemberOutput.Task task, String line) {
        task.lines().incrementAndGet();
        Queued queued = new Queued(task, line);
        if (queue.offer(queued)) {
            return; // a timed offer would refuse a thread whose interrupt flag is set, even with room
        }
        try {
            if (queue.offer(queued, FULL_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // a task's print must not throw
        }
        task.sent().incrementAndGet(); // done with, so that the task's end does not wait for it
    }

    /** Waits up to {@code millis} until every line {@code task} queued is on the topic, so its result comes after them. */
    synchronized void awaitSent(MemberOutput.Task task, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        long left;
        while (task.sent().get() < task.lines().get() && (left = deadline - System.nanoTime()) > 0) {
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sendForever() {
        List<Queued> batch = new ArrayList<>();
        StringBuilder message = new StringBuilder();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            message.append(batch.get(0).line());
            Queued next;
            while (message.length() < MESSAGE_CHARS && (next = queue.poll()) != null) {
                batch.add(next);
                message.append('\n').append(next.line());
            }
            try {
                topic.publish(message.toString());
            } catch (RuntimeException e) {
                // Lost with their count kept: the client says how many of the task's lines are missing.
            }
            synchronized (this) {
                batch.forEach(queued -> queued.task().sent().incrementAndGet());
                notifyAll();
            }
            batch.clear();
            message.setLength(0);
        }
    }
}
