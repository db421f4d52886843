package dev.conclab.runtime.ipc;

import dev.conclab.runtime.serial.RefusedObjectException;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.Serializable;
import java.nio.ByteBuffer;

/**
 * A queue that many threads and processes put into and take from, like Python's
 * {@code multiprocessing.Queue}: hand a copy of it to child processes and they all see the same
 * queue, served by the JVM that created it. Values must be {@link Serializable}.
 *
 * @param <T> the values in the queue
 */
public final class ProcessQueue<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final HostedClient client;

    private ProcessQueue(HostedClient client) {
        this.client = client;
    }

    /** A new, empty queue, served from this JVM. */
    public static <T> ProcessQueue<T> create() {
        Items items = new Items();
        Endpoint endpoint = HostedObject.serve("queue", (operation, argument, requester, replies) -> switch (operation) {
            case "put" -> items.put(argument, replies);
            case "putBack" -> items.putBack(argument, replies);
            case "take" -> items.take(requester);
            case "size" -> ByteBuffer.allocate(Integer.BYTES).putInt(items.size()).array();
            default -> throw new IllegalArgumentException("unknown queue operation " + operation);
        }, items::withdraw);
        return new ProcessQueue<>(new HostedClient(endpoint));
    }

    /**
     * Adds {@code value} at the end. Like Python's {@code Queue.put}, it returns once the value is
     * on its way (in the socket to the serving JVM, or in the queue when this JVM serves it),
     * without waiting for the server to answer: a put cannot fail there, and waiting cost a round
     * trip. A later call from this process (a take, a size) reaches the server after it.
     *
     * @throws InterruptedException when the calling thread was interrupted: nothing is put
     * @throws IllegalArgumentException when {@code value} is not {@link Serializable}
     * @throws IllegalStateException when the JVM that serves the queue has ended
     */
    public void put(T value) throws InterruptedException {
        // Checked here, as a waiting call would: a loop of puts must still end when the cell is interrupted.
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before putting into a shared queue");
        }
        client.post("put", HostedClient.serialize(value));
    }

    /**
     * Takes the first value, waiting until there is one. An interrupt ends the wait and takes
     * nothing: a value put later goes to another taker, or one that reached this taker just as it
     * was interrupted goes back to the front of the queue.
     *
     * @throws RefusedObjectException when the value is of a class this process does not accept
     *     (see {@link SerialFilter#PROPERTY}); the value goes back to the front of the queue
     */
    @SuppressWarnings("unchecked")
    public T take() throws InterruptedException {
        byte[] item = client.call("take", new byte[0], "putBack");
        try {
            return (T) HostedClient.deserialize(item, Managed::callerLoader);
        } catch (RefusedObjectException refused) {
            // Kept for a taker that accepts it, or for this one once the user has allowed the class.
            client.call("putBack", item);
            throw refused;
        }
    }

    /** How many values wait in the queue now. */
    public int size() throws InterruptedException {
        return ByteBuffer.wrap(client.call("size", new byte[0])).getInt();
    }

    /** Whether no value waits in the queue now. */
    public boolean isEmpty() throws InterruptedException {
        return size() == 0;
    }
}
