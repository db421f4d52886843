package dev.conclab.runtime.ipc;

import dev.conclab.runtime.serial.RefusedObjectException;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.Serializable;
import java.util.List;

/**
 * A two-way connection between two processes, like Python's {@code multiprocessing.Pipe()}: what
 * one end sends, the other end receives, in order.
 */
public final class ProcessPipe implements Serializable {
    private static final long serialVersionUID = 1L;

    private final End left;
    private final End right;

    private ProcessPipe(End left, End right) {
        this.left = left;
        this.right = right;
    }

    /** A new pipe; give {@link #left()} to one process and {@link #right()} to the other. */
    public static ProcessPipe create() {
        // One served object for both directions, so that an end's send and its next receive reach
        // the server over one socket, read by one thread: one wake-up there, not two.
        Items[] toEnd = {new Items(), new Items()};
        Endpoint endpoint = HostedObject.serve("pipe", (operation, argument, requester, replies) -> switch (operation) {
            case "send0" -> toEnd[1].put(argument, replies);
            case "send1" -> toEnd[0].put(argument, replies);
            case "receive0" -> toEnd[0].take(requester);
            case "receive1" -> toEnd[1].take(requester);
            case "giveBack0" -> toEnd[0].putBack(argument, replies);
            case "giveBack1" -> toEnd[1].putBack(argument, replies);
            default -> throw new IllegalArgumentException("unknown pipe operation " + operation);
        }, requester -> toEnd[0].withdraw(requester) || toEnd[1].withdraw(requester));
        HostedClient client = new HostedClient(endpoint);
        return new ProcessPipe(new End(client, 0), new End(client, 1));
    }

    public End left() {
        return left;
    }

    public End right() {
        return right;
    }

    /** One end of a pipe. */
    public static final class End implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Each end's operations, by side: named once, not concatenated on every call. */
        private static final List<String> SEND = List.of("send0", "send1");
        private static final List<String> RECEIVE = List.of("receive0", "receive1");
        private static final List<String> GIVE_BACK = List.of("giveBack0", "giveBack1");

        private final HostedClient client;
        private final int side;

        End(HostedClient client, int side) {
            this.client = client;
            this.side = side;
        }

        /**
         * Sends {@code value} to the other end: like Python's {@code Connection.send}, it returns
         * once the value is on its way (written to the socket, or queued in the serving JVM), without
         * waiting for the other end's process to have it; values arrive in the order sent.
         *
         * @throws InterruptedException when the calling thread was interrupted: nothing is sent
         * @throws IllegalArgumentException when {@code value} is not {@link Serializable}
         * @throws IllegalStateException when the JVM that serves the pipe has ended
         */
        public void send(Object value) throws InterruptedException {
            // A loop of sends must still end when the cell is interrupted, as a waiting call would.
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before sending on a pipe");
            }
            // No answer to wait for: a send cannot fail in the server, and waiting cost a round trip.
            client.post(SEND.get(side), HostedClient.serialize(value));
        }

        /**
         * Waits for the next value the other end sent. An interrupt ends the wait and receives
         * nothing: a value that reached this end just as it was interrupted stays the next one.
         *
         * @throws RefusedObjectException when the value is of a class this process does not accept
         *     (see {@link SerialFilter#PROPERTY}); it stays the next value of this end
         */
        public Object receive() throws InterruptedException {
            byte[] value = client.call(RECEIVE.get(side), new byte[0], GIVE_BACK.get(side));
            try {
                return HostedClient.deserialize(value, Managed::callerLoader);
            } catch (RefusedObjectException refused) {
                client.call(GIVE_BACK.get(side), value);
                throw refused;
            }
        }
    }
}
