package dev.conclab.runtime.ipc;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The messages between the handles of a shared object and its server, defined here only.
 *
 * <p>A handle's connection is a DEALER socket, the server a ROUTER socket. Frames:
 * <ul>
 *   <li>request, handle to server: {@code id} (8 bytes), {@code operation} (UTF-8), {@code argument}
 *       (bytes, maybe empty). The ROUTER puts the connection's identity in front on receipt.
 *   <li>reply, server to handle: {@code id} of the request it answers, {@code outcome} (one byte,
 *       {@link #ANSWERED}, {@link #CANCELLED} or {@link #FAILED}), {@code body} (bytes, maybe empty; for
 *       {@link #FAILED}, what went wrong, in UTF-8). The ROUTER
 *       sends to the connection named by a leading identity frame, which the DEALER never sees.
 * </ul>
 * Each request is answered exactly once, maybe later (a take from an empty queue waits for a put),
 * so replies come in any order and the id says whose they are. The one exception is the
 * {@link #CANCEL} request, whose id names the waiting request to drop: that request is then
 * answered {@link #CANCELLED}, or was answered already and the cancel gets no reply.
 *
 * <p>Every socket speaks CURVE: the server admits only a client holding the object's client key
 * ({@link Gatekeeper}), and everything on the wire is encrypted.
 */
final class Wire {
    private Wire() {}

    /** The operation that withdraws a waiting request: the waiter was interrupted. */
    static final String CANCEL = "cancel";
    static final byte ANSWERED = 0;
    static final byte CANCELLED = 1;
    /** The server could not apply the request; the caller's call throws with the body's text. */
    static final byte FAILED = 2;
    private static final byte[] NOTHING = {};

    /**
     * Who waits for a reply: a connection and one of its request ids. Equal by content, so a
     * server can find a waiting request again when it is cancelled.
     */
    static final class Requester {
        private final byte[] peer;
        private final byte[] id;

        Requester(byte[] peer, byte[] id) {
            this.peer = peer;
            this.id = id;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Requester that && Arrays.equals(peer, that.peer) && Arrays.equals(id, that.id);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(peer) + Arrays.hashCode(id);
        }
    }

    /** A request as the server receives it. */
    record Request(Requester requester, String operation, byte[] argument) {}

    /** A reply as a handle's connection receives it. */
    record Reply(long id, byte outcome, byte[] body) {
        boolean cancelled() {
            return outcome == CANCELLED;
        }

        boolean failed() {
            return outcome == FAILED;
        }
    }

    /**
     * The one ZeroMQ context of this JVM, for every server and connection. Its I/O threads start
     * with the first socket, which a service thread makes, so they too live outside the cells'
     * thread group.
     */
    static ZContext context() {
        return Context.INSTANCE;
    }

    /** This JVM's ZAP handler, bound in {@link #context()} before any server socket exists. */
    static Gatekeeper gatekeeper() {
        return Context.GATEKEEPER;
    }

    private static final class Context {
        static final ZContext INSTANCE = new ZContext();
        static final Gatekeeper GATEKEEPER = Gatekeeper.start(INSTANCE);
    }

    static void sendRequest(ZMQ.Socket dealer, long id, String operation, byte[] argument) {
        dealer.sendMore(ByteBuffer.allocate(Long.BYTES).putLong(id).array());
        dealer.sendMore(operation);
        dealer.send(argument, 0);
    }

    /** Receives a request, waiting for one. */
    static Request receiveRequest(ZMQ.Socket router) {
        byte[] peer = router.recv(0);
        byte[] id = router.recv(0);
        String operation = router.recvStr(0);
        byte[] argument = router.recv(0);
        skipRest(router);
        return new Request(new Requester(peer, id), operation, argument);
    }

    static void sendReply(ZMQ.Socket router, Requester to, byte outcome, byte[] body) {
        router.sendMore(to.peer);
        router.sendMore(to.id);
        router.sendMore(new byte[] {outcome});
        router.send(body == null ? NOTHING : body, 0);
    }

    /** Receives a reply if one is there, else returns null. */
    static Reply receiveReply(ZMQ.Socket dealer) {
        byte[] id = dealer.recv(ZMQ.DONTWAIT);
        if (id == null) {
            return null;
        }
        byte[] outcome = dealer.recv(0);
        byte[] body = dealer.recv(0);
        skipRest(dealer);
        return new Reply(ByteBuffer.wrap(id).getLong(), outcome[0], body);
    }

    /** A message with more frames than this protocol has is not ours to read; its extra frames go. */
    private static void skipRest(ZMQ.Socket socket) {
        while (socket.hasReceiveMore()) {
            socket.recv(0);
        }
    }
}
