package dev.conclab.runtime.ipc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The side of a shared object's handle that talks to its server: one REQ socket per thread (a
 * ZeroMQ socket belongs to one thread), made on first use in whatever JVM holds the handle.
 */
final class HostedClient implements Serializable {
    private static final long serialVersionUID = 1L;
    /** How often a waiting call looks whether its thread was interrupted. */
    private static final int WAKE_UP_MILLIS = 100;
    /**
     * How long a new connection's ZeroMQ handshake may take before it is dropped and made again.
     * JeroMQ's default is 30 s, and in the executor JVM a handshake sometimes stalls (as in
     * zeromq/jeromq#912): the first request of a cell waited those 30 s. A retry succeeds at once,
     * and a request waiting to be sent goes out on the new connection.
     */
    private static final int HANDSHAKE_MILLIS = 1000;

    private final String endpoint;
    private transient ZContext context;
    private transient ThreadLocal<ZMQ.Socket> sockets;

    HostedClient(String endpoint) {
        this.endpoint = endpoint;
    }

    /** Sends a request and waits for its answer; an interrupt of the waiting thread ends the wait. */
    byte[] call(String operation, byte[] argument) throws InterruptedException {
        ZMQ.Socket socket = socket();
        socket.sendMore(operation);
        socket.send(argument, 0);
        try (ZMQ.Poller poller = context.createPoller(1)) {
            poller.register(socket, ZMQ.Poller.POLLIN);
            while (true) {
                if (poller.poll(WAKE_UP_MILLIS) > 0) {
                    return socket.recv(0);
                }
                if (Thread.interrupted()) {
                    // The request stays with the server; this thread's socket cannot be reused for another.
                    sockets().remove();
                    socket.close();
                    throw new InterruptedException("interrupted while waiting for a shared object");
                }
            }
        }
    }

    static byte[] serialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("only Serializable values can cross processes: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** Reads a value whose class may be the notebook's own, known to {@code loader}. */
    static Object deserialize(byte[] bytes, ClassLoader loader) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(description.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(description);
                }
            }
        }) {
            return in.readObject();
        } catch (InterruptedIOException e) {
            throw new UncheckedIOException(e);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read a value from a shared object: " + e, e);
        }
    }

    private synchronized ThreadLocal<ZMQ.Socket> sockets() {
        if (sockets == null) {
            context = new ZContext();
            sockets = new ThreadLocal<>();
        }
        return sockets;
    }

    private ZMQ.Socket socket() {
        ThreadLocal<ZMQ.Socket> perThread = sockets();
        ZMQ.Socket socket = perThread.get();
        if (socket == null) {
            synchronized (this) {
                socket = context.createSocket(SocketType.REQ);
            }
            socket.setHandshakeIvl(HANDSHAKE_MILLIS);
            socket.connect(endpoint);
            perThread.set(socket);
        }
        return socket;
    }
}
