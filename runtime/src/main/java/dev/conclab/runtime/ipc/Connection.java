package dev.conclab.runtime.ipc;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

/**
 * This JVM's one connection to a shared object served by another JVM: a Unix domain socket, its
 * frames written by an {@link Outbox} and its replies read by a service thread of its own, which
 * completes the waiting caller's call. One connection for all threads: every cell runs on a new
 * thread, and a socket per thread would be opened and abandoned cell after cell.
 */
final class Connection extends Link {
    private final Endpoint endpoint;
    private final Outbox outbox;
    private volatile boolean closed;

    private Connection(Endpoint endpoint, SocketChannel channel) {
        this.endpoint = endpoint;
        this.outbox = Outbox.start("connection-" + endpoint.name(), channel, () -> end(channel));
    }

    /** Connects to the server at {@code endpoint} and proves this JVM holds a handle. */
    static Connection open(Endpoint endpoint) {
        // An interrupted thread's connect would close the channel (it is interruptible); the interrupt waits.
        boolean interrupted = Thread.interrupted();
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(endpoint.socket()));
            Connection connection = new Connection(endpoint, channel);
            connection.outbox.send(endpoint.secret());
            ServiceThreads.start("connection-" + endpoint.name() + "-in", () -> connection.read(channel));
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
        outbox.send(Wire.encode(request));
    }

    @Override
    boolean isClosed() {
        return closed;
    }

    private void read(SocketChannel channel) {
        try {
            DataInputStream replies = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            while (true) {
                received(Wire.readReply(replies));
            }
        } catch (IOException e) {
            end(channel);
        }
    }

    /** The server went away (its JVM ended) or a write failed: calls fail instead of waiting forever. */
    private void end(SocketChannel channel) {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is all that was left to do.
        }
        ended("the connection to the shared object at " + endpoint.socket() + " ended: the JVM that serves it may have ended");
    }
}
