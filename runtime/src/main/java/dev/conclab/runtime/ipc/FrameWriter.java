package dev.conclab.runtime.ipc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes the frames of one non-blocking socket from the caller's own thread, with no hand-off: a
 * frame goes straight into the socket's buffer. The channel must be non-blocking because an
 * interrupt closes a {@link SocketChannel} only during blocking I/O, and a cell's threads are
 * interrupted whenever the user interrupts the kernel. What the socket's buffer cannot take now
 * (a large value, a slow reader) is queued and written by a service thread as room frees up, so
 * that no caller waits and frames stay in order.
 */
final class FrameWriter {
    private final String name;
    private final SocketChannel channel;
    private final Runnable failed;
    /** Frames, or the rest of one, that the socket had no room for yet; guarded by this. */
    private final Deque<ByteBuffer> pending = new ArrayDeque<>();
    /** Whether a service thread is writing {@link #pending}; guarded by this. */
    private boolean flushing;
    /** Whether a write failed; guarded by this. */
    private boolean broken;

    /** Writes to {@code channel}, which must be non-blocking; {@code failed} runs once if a write fails. */
    FrameWriter(String name, SocketChannel channel, Runnable failed) {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("a frame writer needs a non-blocking channel: an interrupt would close a blocking one");
        }
        this.name = name;
        this.channel = channel;
        this.failed = failed;
    }

    /** Writes {@code frame}, or queues what the socket cannot take now; never waits for the peer. */
    void send(byte[] frame) {
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        synchronized (this) {
            if (broken) {
                return; // the reading side has seen the end, or will: calls fail there
            }
            if (pending.isEmpty()) {
                try {
                    channel.write(buffer);
                } catch (IOException e) {
                    broken = true;
                }
                if (!broken && !buffer.hasRemaining()) {
                    return;
                }
            }
            if (!broken) {
                pending.add(buffer);
                if (!flushing) {
                    flushing = true;
                    ServiceThreads.start(name + "-out", this::flush);
                }
                return;
            }
        }
        failed.run();
    }

    /**
     * Waits until every frame sent so far is in the socket (none queued here): what must not be
     * lost if this JVM exits next. Returns at once in the usual case, when nothing is queued.
     */
    synchronized void drain() throws InterruptedException {
        while (!pending.isEmpty() && !broken) {
            wait();
        }
    }

    /** Writes the queued frames as the socket takes them, then ends: the usual case queues none. */
    private void flush() {
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_WRITE);
            while (true) {
                synchronized (this) {
                    while (!pending.isEmpty()) {
                        ByteBuffer head = pending.peek();
                        channel.write(head);
                        if (head.hasRemaining()) {
                            break;
                        }
                        pending.poll();
                    }
                    if (pending.isEmpty()) {
                        flushing = false;
                        notifyAll(); // drain() returns
                        return;
                    }
                }
                selector.select();
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            // The peer went away (or the channel closed): the reading side sees it too and cleans up.
            synchronized (this) {
                broken = true;
                flushing = false;
                pending.clear();
                notifyAll();
            }
            failed.run();
        }
    }
}
