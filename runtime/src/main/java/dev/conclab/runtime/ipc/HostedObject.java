package dev.conclab.runtime.ipc;

import java.util.concurrent.CountDownLatch;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Serves one shared object (a queue, a semaphore) from the JVM that created it, to every thread
 * and process that holds a copy of its handle: a ZeroMQ ROUTER socket on loopback, owned by one
 * thread that applies each request to the object's state in turn. A request that cannot be
 * answered yet (a take from an empty queue) is answered when the state allows it.
 */
final class HostedObject {

    /** The object's behaviour: answers a request now, or returns null and answers later. */
    interface State {
        byte[] handle(String operation, byte[] argument, byte[] requester, Replies replies);
    }

    /** Answers a request that was put aside earlier. */
    interface Replies {
        void answer(byte[] requester, byte[] reply);
    }

    private final String endpoint;

    private HostedObject(String endpoint) {
        this.endpoint = endpoint;
    }

    /** Starts serving {@code state} on a loopback port, from a daemon thread named {@code name}. */
    static HostedObject serve(String name, State state) {
        ZContext context = new ZContext();
        ZMQ.Socket socket = context.createSocket(SocketType.ROUTER);
        int port = socket.bindToRandomPort("tcp://127.0.0.1");
        CountDownLatch bound = new CountDownLatch(1);
        Thread server = new Thread(() -> {
            bound.countDown();
            Replies replies = (requester, reply) -> send(socket, requester, reply);
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    byte[] requester = socket.recv(0);
                    socket.recv(0); // the empty frame a REQ socket puts before its request
                    String operation = socket.recvStr(0);
                    byte[] argument = socket.hasReceiveMore() ? socket.recv(0) : new byte[0];
                    byte[] reply = state.handle(operation, argument, requester, replies);
                    if (reply != null) {
                        send(socket, requester, reply);
                    }
                }
            } catch (RuntimeException e) {
                // The JVM is ending; so does the shared object.
            }
        }, "conclab-" + name);
        server.setDaemon(true);
        server.start();
        try {
            bound.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new HostedObject("tcp://127.0.0.1:" + port);
    }

    String endpoint() {
        return endpoint;
    }

    private static void send(ZMQ.Socket socket, byte[] requester, byte[] reply) {
        socket.sendMore(requester);
        socket.sendMore(new byte[0]);
        socket.send(reply, 0);
    }

}
