package dev.conclab.runtime.ipc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Writes the frames of one socket from a service thread of its own. Callers only queue: a thread
 * interrupted while it writes to a {@link SocketChannel} closes the channel (it is an interruptible
 * channel), and a cell's threads are interrupted whenever the user interrupts the kernel, so no
 * caller's thread may write. Frames queued together go out in one gathering write.
 */
final class Outbox {
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final BlockingQueue<ByteBuffer> frames = new LinkedBlockingQueue<>();
    private final SocketChannel channel;
    private final Runnable failed;

    private Outbox(SocketChannel channel, Runnable failed) {
        this.channel = channel;
        this.failed = failed;
    }

    /** Starts writing to {@code channel}; {@code failed} runs once if a write fails. */
    static Outbox start(String name, SocketChannel channel, Runnable failed) {
        Outbox outbox = new Outbox(channel, failed);
        ServiceThreads.start(name + "-out", outbox::run);
        return outbox;
    }

    void send(byte[] frame) {
        frames.add(ByteBuffer.wrap(frame));
    }

    /** Writes what was queued before, then stops. */
    void close() {
        frames.add(END);
    }

    private void run() {
        List<ByteBuffer> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(frames.take());
                frames.drainTo(batch);
                boolean ending = batch.removeIf(frame -> frame == END);
                ByteBuffer[] buffers = batch.toArray(ByteBuffer[]::new);
                long left = batch.stream().mapToLong(ByteBuffer::remaining).sum();
                while (left > 0) {
                    left -= channel.write(buffers);
                }
                batch.clear();
                if (ending) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // The peer went away, or the JVM is ending: the reading side sees it too and cleans up.
            failed.run();
        }
    }
}
