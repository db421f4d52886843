package dev.conclab.runtime.ipc;

import dev.conclab.runtime.ipc.Wire.Requester;
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

    private HostedObject() {}

    /** Starts serving {@code state}, whose requests are never put aside; returns the endpoint. */
    static String serve(String name, State state) {
        return serve(name, state, requester -> false);
    }

    /**
     * Starts serving {@code state} on a loopback port, from a daemon thread named after {@code
     * name}, and returns the endpoint. {@code withdraw} removes a request the state put aside and
     * tells whether it was there; it runs on the serving thread too.
     */
    static String serve(String name, State state, Predicate<Requester> withdraw) {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        ServiceThreads.start(name, () -> {
            ZMQ.Socket socket;
            try {
                socket = Wire.context().createSocket(SocketType.ROUTER);
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
                    byte[] reply = state.handle(request.operation(), request.argument(), request.requester(), replies);
                    if (reply != null) {
                        replies.answer(request.requester(), reply);
                    }
                }
            } catch (RuntimeException e) {
                // The JVM is ending; so does the shared object.
            }
        });
        try {
            return "tcp://127.0.0.1:" + port.get();
        } catch (InterruptedException e) {
            // Binding takes microseconds; finish it rather than leave a half-made object behind.
            Thread.currentThread().interrupt();
            return "tcp://127.0.0.1:" + port.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot serve a shared " + name + ": " + e.getCause(), e.getCause());
        }
    }
}
