package dev.conclab.runtime.ipc;

import dev.conclab.runtime.ipc.HostedObject.Requester;
import dev.conclab.runtime.serial.RefusedObjectException;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A queue that many threads and processes put into and take from, like Python's
 * {@code multiprocessing.Queue}: hand a copy of it to child processes and they all see the same
 * queue, served by the JVM that created it. Values must be {@link Serializable}.
 *
 * @param <T> the values in the queue
 */
public final class ProcessQueue<T> implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte[] OK = {};

    private final HostedClient client;

    private ProcessQueue(HostedClient client) {
        this.client = client;
    }

    /** A new, empty queue, served from this JVM. */
    public static <T> ProcessQueue<T> create() {
        Deque<byte[]> items = new ArrayDeque<>();
        Deque<Requester> takers = new ArrayDeque<>();
        Endpoint endpoint = HostedObject.serve("queue", (operation, argument, requester, replies) -> {
            switch (operation) {
                case "put":
                case "putBack":
                    if (!takers.isEmpty()) {
                        replies.answer(takers.poll(), argument);
                    } else if (operation.equals("put")) {
                        items.addLast(argument);
                    } else {
                        // A taker was interrupted as the item reached it: the item was the first.
                        items.addFirst(argument);
                    }
                    return OK;
                case "take":
                    if (items.isEmpty()) {
                        takers.add(requester);
                        return null;
                    }
                    return items.poll();
                case "size":
                    return ByteBuffer.allocate(Integer.BYTES).putInt(items.size()).array();
                default:
                    throw new IllegalArgumentException("unknown queue operation " + operation);
            }
        }, takers::remove);
        return new ProcessQueue<>(new HostedClient(endpoint));
    }

    /** Adds {@code value} at the end. */
    public void put(T value) throws InterruptedException {
        client.call("put", HostedClient.serialize(value));
    }

    /**
     * Adds {@code value} at the end without waiting for the server to have it, as a pipe's send
     * does: it is on its way (in the socket), after this process's earlier puts, when this returns.
     */
    void putWithoutWaiting(T value) throws InterruptedException {
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
        ClassLoader caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getClassLoader();
        byte[] item = client.call("take", new byte[0], "putBack");
        try {
            return (T) HostedClient.deserialize(item, caller);
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
