package dev.conclab.runtime.ipc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import org.zeromq.ZMsg;

/**
 * This JVM's ZAP handler (ZeroMQ RFC 27): ZeroMQ asks it about every CURVE handshake on a shared
 * object's server socket, naming the object by the socket's ZAP domain, and it lets in only the
 * client key made for that object, which only the object's handles carry.
 *
 * <p>It must be bound before the first server socket takes a connection: without a handler at
 * {@link #ZAP_ADDRESS}, JeroMQ admits every client that knows the server's public key.
 */
final class Gatekeeper {
    static final String ZAP_ADDRESS = "inproc://zeromq.zap.01";
    private static final String VERSION = "1.0";

    private final Map<String, byte[]> clientKeys = new ConcurrentHashMap<>();

    private Gatekeeper() {}

    /** Binds the handler in {@code context} and serves it from a daemon thread; returns once bound. */
    static Gatekeeper start(ZContext context) {
        Gatekeeper gatekeeper = new Gatekeeper();
        CompletableFuture<Void> bound = new CompletableFuture<>();
        ServiceThreads.start("zap", () -> {
            ZMQ.Socket socket;
            try {
                socket = context.createSocket(SocketType.REP);
                socket.bind(ZAP_ADDRESS);
                bound.complete(null);
            } catch (RuntimeException e) {
                bound.completeExceptionally(e);
                return;
            }
            gatekeeper.serve(socket);
        });
        // Binding an inproc address takes microseconds; no server exists before it is done.
        bound.join();
        return gatekeeper;
    }

    /** From now on, a client with {@code clientKey} may connect to the server of {@code domain}. */
    void admit(String domain, byte[] clientKey) {
        clientKeys.put(domain, clientKey.clone());
    }

    private void serve(ZMQ.Socket socket) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ZMsg request = ZMsg.recvMsg(socket);
                if (request == null) {
                    return;
                }
                reply(socket, request);
            }
        } catch (ZMQException e) {
            // The context is closing with the JVM.
        }
    }

    /** Frames in: version, request id, domain, address, identity, mechanism, then the client's key. */
    private void reply(ZMQ.Socket socket, ZMsg request) {
        String version = new String(next(request), StandardCharsets.UTF_8);
        byte[] requestId = next(request);
        String domain = new String(next(request), StandardCharsets.UTF_8);
        next(request); // address
        next(request); // routing identity
        String mechanism = new String(next(request), StandardCharsets.UTF_8);
        byte[] key = next(request);
        byte[] expected = clientKeys.get(domain);
        boolean admitted = VERSION.equals(version) && "CURVE".equals(mechanism)
                && expected != null && MessageDigest.isEqual(key, expected);
        ZMsg reply = new ZMsg();
        reply.add(VERSION);
        reply.add(requestId);
        reply.add(admitted ? "200" : "400");
        reply.add(admitted ? "OK" : "not a holder of this shared object's handle");
        reply.add(""); // user id
        reply.add(new byte[0]); // metadata
        reply.send(socket);
    }

    private static byte[] next(ZMsg message) {
        return message.isEmpty() ? new byte[0] : message.pop().getData();
    }
}
