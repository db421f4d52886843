package dev.conclab.runtime.ipc;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Reads one non-blocking socket's frames ({@link Wire}) on whichever thread asks: {@link #poll}
 * never waits, {@link #await} waits until the socket has more to read. Waiting in a {@link
 * Selector} instead of a blocking read keeps an interrupt from closing the channel: the wait
 * just returns, with the thread's interrupt status set. One thread at a time.
 */
final class FrameReader implements Closeable {
    /** More than the deserialization filter's default byte limit, which refuses the value anyway. */
    private static final int LONGEST_FRAME = (1 << 30) + 1024;

    private static final int SHRINK_ABOVE = 1 << 20;

    private final SocketChannel channel;
    private final Selector selector;
    /** What was read and not taken yet, from 0 to its position. */
    private ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    /** Whether {@link #nextFrame}'s last frame came soon after it began to wait for it. */
    private boolean framesClose;

    FrameReader(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /**
     * The next frame's body (what follows its length) if it has arrived whole, else null.
     *
     * @throws EOFException when the peer has closed
     * @throws IOException when the socket fails or the peer sent what is not a frame of ours
     */
    byte[] poll() throws IOException {
        return poll(true);
    }

    /**
     * As {@link #poll}, but only from what was read already: no system call. For a caller that has
     * just sent a request, whose reply cannot have come yet: it waits in {@link #await} first,
     * which returns at once if the socket has something, instead of a read that finds nothing.
     */
    byte[] buffered() throws IOException {
        return poll(false);
    }

    private byte[] poll(boolean read) throws IOException {
        if (!has(Integer.BYTES, read)) {
            return null;
        }
        int length = buffer.getInt(0);
        if (length < 0 || length > LONGEST_FRAME) {
            throw new IOException("a frame of " + length + " bytes is not one of ours");
        }
        return has(Integer.BYTES + length, read) ? take(Integer.BYTES, Integer.BYTES + length) : null;
    }

    /** The next {@code count} unframed bytes (a secret), waiting for them; fewer if the peer closed first. */
    byte[] next(int count) throws IOException {
        try {
            while (!has(count, true)) {
                await();
            }
        } catch (EOFException closed) {
            return take(0, Math.min(count, buffer.position()));
        }
        return take(0, count);
    }

    /**
     * The next frame's body, waiting for it (a service thread's loop). While frames come close
     * together (the last one within {@link Spin#REPLY_NANOS} of the wait for it), it yields and
     * reads again for that long before it waits in the selector: a process that sent one request
     * usually sends the next within microseconds (a pipe's child sends a value, then asks for the
     * next), and the selector's wake-up was the slowest step of the pipe's round trip. When frames
     * are sparse, it waits in the selector at once, so an idle connection costs no CPU.
     */
    byte[] nextFrame() throws IOException {
        long began = System.nanoTime();
        byte[] frame = framesClose ? pollYielding(Spin.REPLY_NANOS) : buffered();
        while (frame == null) {
            // A read first after a frame would usually find nothing: the selector first.
            await();
            frame = poll();
        }
        framesClose = System.nanoTime() - began < Spin.REPLY_NANOS;
        return frame;
    }

    /**
     * As {@link #poll}, but yielding and trying again for up to {@code nanos} (see {@link Spin})
     * before it returns null, or until the thread is interrupted: for a caller whose reply is
     * usually microseconds away, to whom a wait in the selector would add a wake-up.
     */
    byte[] pollYielding(long nanos) throws IOException {
        long deadline = System.nanoTime() + nanos;
        byte[] frame = buffered();
        while (frame == null && System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
            Thread.yield();
            frame = poll();
        }
        return frame;
    }

    /** Waits until the socket has something to read, or the thread is interrupted, or {@link #wakeup}. */
    void await() throws IOException {
        selector.select();
        selector.selectedKeys().clear();
    }

    /** Ends a wait in {@link #await} now. */
    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }

    /** Whether {@code count} bytes are here, after reading once what the socket holds if they are not and {@code read}. */
    private boolean has(int count, boolean read) throws IOException {
        if (buffer.position() >= count) {
            return true;
        }
        if (!read) {
            return false;
        }
        if (buffer.capacity() < count) {
            buffer = ByteBuffer.allocate(Math.max(count, buffer.capacity() * 2)).put(buffer.flip());
        }
        if (channel.read(buffer) < 0) {
            throw new EOFException("the peer closed the socket");
        }
        return buffer.position() >= count;
    }

    /** Bytes {@code from} to {@code to} of what was read, dropping everything before {@code to}. */
    private byte[] take(int from, int to) {
        byte[] taken = new byte[to - from];
        buffer.get(from, taken);
        buffer.flip().position(to);
        buffer.compact();
        if (buffer.capacity() > SHRINK_ABOVE && buffer.position() < SHRINK_ABOVE / 2) {
            // Done with a large value: the next ones need not keep its room.
            buffer = ByteBuffer.allocate(SHRINK_ABOVE / 2).put(buffer.flip());
        }
        return taken;
    }
}
