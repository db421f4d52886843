package dev.conclab.runtime.ipc;

import dev.conclab.runtime.ipc.Wire.Requester;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Serves one shared object (a queue, a semaphore) from the JVM that created it, to every thread
 * and process that holds a copy of its handle: a ZeroMQ ROUTER socket on loopback, owned by one
 * thread that applies each request to the object's state in turn. A request that cannot be
 * answered yet (a take from an empty queue) is answered when the state allows it, or answered
 * cancelled if its caller gives up first. The frames are {@link Wire}'s.
 *
 * <p>The socket is a CURVE server with a key pair of its own, and the {@link Gatekeeper} admits
 * only the client key made with it, which the {@link Endpoint} in the object's handles carries:
 * another process on the machine (another user, or another notebook of the same user) that was
 * not given a handle cannot complete the handshake, so it can neither read nor send anything.
 * A request the state cannot apply is answered {@link Wire#FAILED}, and the server serves on.
 */
final class HostedObject {

    /** The object's behaviour: answers a request now, or returns null and answers later. */
    interface State {
        byte[] handle(String operation, byte[] argument, Requester requester, Replies replies);
    }

    /** Answers a request that was put aside earlier. */
    interface Replies {
        void answer(Requester requester, byte[] reply);
    }

    /** Long enough for a cold child JVM's first CURVE handshake on a loaded machine. */
    private static final int HANDSHAKE_MILLIS = 10_000;

    private HostedObject() {}

    /** Starts serving {@code state}, whose requests are never put aside; returns the endpoint. */
    static Endpoint serve(String name, State state) {
        return serve(name, state, requester -> false);
    }

    /**
     * Starts serving {@code state} on a loopback port, from a daemon thread named after {@code
     * name}, and returns the endpoint. {@code withdraw} removes a request the state put aside and
     * tells whether it was there; it runs on the serving thread too.
     */
    static Endpoint serve(String name, State state, Predicate<Requester> withdraw) {
        CurveKeys server = CurveKeys.generate();
        CurveKeys client = CurveKeys.generate();
        // The server's public key is unique to this object, so it names the object to the gatekeeper.
        String domain = ZMQ.Curve.z85Encode(server.publicKey());
        CompletableFuture<Integer> port = new CompletableFuture<>();
        ServiceThreads.start(name, () -> {
            ZMQ.Socket socket;
            try {
                Wire.gatekeeper().admit(domain, client.publicKey());
                socket = Wire.context().createSocket(SocketType.ROUTER);
                socket.setZAPDomain(domain);
                socket.setCurveServer(true);
                socket.setCurveSecretKey(server.secretKey());
                // A peer that starts a handshake and never finishes it is dropped instead of held.
                socket.setHandshakeIvl(HANDSHAKE_MILLIS);
                port.complete(socket.bindToRandomPort("tcp://127.0.0.1"));
            } catch (RuntimeException e) {
                port.completeExceptionally(e);
                return;
            }
            Replies replies = (requester, reply) -> Wire.sendReply(socket, requester, Wire.ANSWERED, reply);
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Wire.Request request = Wire.receiveRequest(socket);
                    if (request.operation().equals(Wire.CANCEL)) {
                        if (withdraw.test(request.requester())) {
                            Wire.sendReply(socket, request.requester(), Wire.CANCELLED, null);
                        }
                        continue;
                    }
                    byte[] reply;
                    try {
                        reply = state.handle(request.operation(), request.argument(), request.requester(), replies);
                    } catch (RuntimeException failure) {
                        Wire.sendReply(socket, request.requester(), Wire.FAILED,
                                String.valueOf(failure.getMessage()).getBytes(StandardCharsets.UTF_8));
                        continue;
                    }
                    if (reply != null) {
                        replies.answer(request.requester(), reply);
                    }
                }
            } catch (RuntimeException e) {
                // The JVM is ending; so does the shared object.
            }
        });
        try {
            return new Endpoint("tcp://127.0.0.1:" + port.get(), server.publicKey(), client);
        } catch (InterruptedException e) {
            // Binding takes microseconds; finish it rather than leave a half-made object behind.
            Thread.currentThread().interrupt();
            return new Endpoint("tcp://127.0.0.1:" + port.join(), server.publicKey(), client);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot serve a shared " + name + ": " + e.getCause(), e.getCause());
        }
    }
}
