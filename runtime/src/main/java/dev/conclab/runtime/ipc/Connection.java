package dev.conclab.runtime.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * This JVM's one connection to a shared object served by another JVM: a non-blocking Unix domain
 * socket that the calling threads use themselves, with no service thread in between. A caller
 * writes its request ({@link FrameWriter}) and waits for its reply as leader or follower: one
 * waiting thread at a time reads the socket and hands each reply to its caller by id (waking
 * those that follow), until its own reply comes, and then another waiting thread takes over the
 * reading. An interrupt ends a wait without closing the socket (non-blocking I/O and a
 * {@link java.nio.channels.Selector} are not closed by one). One connection for all threads:
 * every cell runs on a new thread, and a socket per thread would be opened and abandoned cell
 * after cell.
 */
final class Connection extends Link {
    private final Endpoint endpoint;
    private final SocketChannel channel;
    private final FrameWriter out;
    private final FrameReader in;
    /** Held by the thread that reads replies now, the leader. */
    private final ReentrantLock reading = new ReentrantLock();
    /** Where followers wait for their reply or for the reading to be free; notified on both. */
    private final Object turn = new Object();
    private volatile boolean closed;

    private Connection(Endpoint endpoint, SocketChannel channel) throws IOException {
        this.endpoint = endpoint;
        this.channel = channel;
        this.out = new FrameWriter("connection-" + endpoint.name(), channel, this::end);
        this.in = new FrameReader(channel);
    }

    /** Connects to the server at {@code endpoint} and proves this JVM holds a handle. */
    static Connection open(Endpoint endpoint) {
        // An interrupted thread's connect would close the channel (it is interruptible); the interrupt waits.
        boolean interrupted = Thread.interrupted();
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(endpoint.socket()));
            channel.configureBlocking(false);
            Connection connection = new Connection(endpoint, channel);
            connection.out.send(endpoint.secret());
            return connection;
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the shared object at " + endpoint.socket()
                    + " (the JVM that made it may have ended): " + e, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    void send(Wire.Request request) {
        out.send(Wire.encode(request));
    }

    @Override
    void sent() throws InterruptedException {
        out.drain();
    }

    @Override
    boolean isClosed() {
        return closed;
    }

    @Override
    void await(CompletableFuture<byte[]> answer) throws InterruptedException {
        awaitUntil(answer::isDone);
    }

    /** Someone must read the withdrawn request's answer, to give back what it took, even if no call follows. */
    @Override
    void withdrawn() {
        ServiceThreads.start("connection-" + endpoint.name() + "-withdraw", () -> {
            try {
                awaitUntil(() -> !awaitsWithdrawn() || closed);
            } catch (InterruptedException e) {
                // The JVM is ending.
            }
        });
    }

    /** Leads or follows until {@code done}: the connection's ending makes every call done. */
    private void awaitUntil(BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean()) {
            if (reading.tryLock()) {
                try {
                    lead(done);
                } finally {
                    reading.unlock();
                    synchronized (turn) {
                        turn.notifyAll(); // a follower takes over the reading
                    }
                }
            } else {
                synchronized (turn) {
                    while (!done.getAsBoolean() && reading.isLocked()) {
                        turn.wait();
                    }
                }
            }
        }
    }

    /** Reads replies and hands them to their callers until {@code done}; holds {@link #reading}. */
    private void lead(BooleanSupplier done) throws InterruptedException {
        boolean woken = false;
        try {
            while (!done.getAsBoolean()) {
                // The reply usually comes within a round trip: yielding until then spares the
                // selector's wake-up (see Spin). The first try reads nothing new, as the reply to
                // a request just written cannot be here yet; after the selector, the read comes first.
                byte[] frame = closed ? null : woken ? in.poll() : in.pollYielding(Spin.REPLY_NANOS);
                woken = false;
                if (frame != null) {
                    received(Wire.decodeReply(frame));
                    synchronized (turn) {
                        turn.notifyAll(); // maybe a follower's reply
                    }
                } else if (closed) {
                    end();
                } else if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for a shared object");
                } else {
                    in.await();
                    woken = true;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            end();
        }
    }

    /** The server went away (its JVM ended) or a write failed: calls fail instead of waiting forever. */
    private void end() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is all that was left to do.
        }
        try {
            in.close(); // wakes a leader waiting there
        } catch (IOException e) {
            // Closing is all that was left to do.
        }
        ended("the connection to the shared object at " + endpoint.socket() + " ended: the JVM that serves it may have ended");
        synchronized (turn) {
            turn.notifyAll();
        }
    }
}
