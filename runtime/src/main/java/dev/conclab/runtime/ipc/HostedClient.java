package dev.conclab.runtime.ipc;

import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.RefusedObjectException;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The side of a shared object's handle that talks to its server. It holds the server's
 * {@link Endpoint}, secret included, so it travels with the handle: a copy given to a child process
 * (in its task file, over a pool's pipe, or through another shared object) lets the child in, and
 * nothing else does. The JVM that serves the object calls it directly ({@link LocalLink}); any
 * other JVM through its one {@link Connection} to the server, made on the first call there.
 */
final class HostedClient implements Serializable {
    private static final long serialVersionUID = 1L;
    /** This JVM's connections, by socket: one per shared object, however many copies of its handle. */
    private static final Map<String, Connection> CONNECTIONS = new ConcurrentHashMap<>();

    private final Endpoint endpoint;

    HostedClient(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Where the server is and the secret that lets this handle in. */
    Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Sends a request and waits for its answer; an interrupt of the waiting thread ends the wait
     * with an {@link InterruptedException}, and the request is withdrawn (see {@link
     * Link#call}).
     */
    byte[] call(String operation, byte[] argument) throws InterruptedException {
        return call(operation, argument, null);
    }

    /**
     * As {@link #call(String, byte[])}; if the server answered just as the caller was interrupted,
     * that answer is sent back with the operation {@code giveBack}, so that nothing is lost.
     */
    byte[] call(String operation, byte[] argument, String giveBack) throws InterruptedException {
        return link().call(operation, argument, giveBack);
    }

    /** Sends a request that the server applies at once and never answers (see {@link Link#post}). */
    void post(String operation, byte[] argument) throws InterruptedException {
        Link link = link();
        link.post(operation, argument);
        if (link.isClosed()) {
            throw new IllegalStateException("the connection to the shared object at " + endpoint.socket()
                    + " has ended: the JVM that serves it may have ended");
        }
    }

    private Link link() {
        Link here = HostedObject.localLink(endpoint);
        if (here != null) {
            return here;
        }
        Connection connection = CONNECTIONS.get(endpoint.socket());
        if (connection == null || connection.isClosed()) {
            connection = CONNECTIONS.compute(endpoint.socket(),
                    (where, existing) -> existing == null || existing.isClosed() ? Connection.open(endpoint) : existing);
        }
        return connection;
    }

    /** {@code value}'s bytes: a few of their own for common values ({@link Values}), else Java serialization. */
    static byte[] serialize(Object value) {
        return Values.encode(value, HostedClient::javaSerialize);
    }

    private static byte[] javaSerialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("only Serializable values can cross processes: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a value whose class may be the notebook's own, known to {@code loader}, through the
     * notebook's {@link SerialFilter}: the bytes came from another process.
     *
     * @throws RefusedObjectException when the filter refused the value, saying how to allow it
     */
    static Object deserialize(byte[] bytes, ClassLoader loader) {
        return deserialize(bytes, () -> loader);
    }

    /** As {@link #deserialize(byte[], ClassLoader)}, asking for the loader only if a Java-serialized value needs it. */
    static Object deserialize(byte[] bytes, Supplier<ClassLoader> loader) {
        return Values.decode(bytes, serialized -> javaDeserialize(serialized, loader));
    }

    private static Object javaDeserialize(byte[] bytes, Supplier<ClassLoader> loader) {
        // Asked here, with only this package's frames above the caller's (Managed.callerLoader walks past them).
        ClassLoader classes = loader.get();
        try (FilteredInput in = new FilteredInput(new ByteArrayInputStream(bytes), SerialFilter.forNotebook("a shared object"),
                () -> classes)) {
            return in.readChecked();
        } catch (InterruptedIOException e) {
            throw new UncheckedIOException(e);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read a value from a shared object: " + e, e);
        }
    }
}
