package dev.conclab.runtime.ipc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Serves one shared object (a queue, a semaphore) from the JVM that created it, to every thread
 * and process that holds a copy of its handle. Requests are applied to the object's state one at a
 * time, under this object's lock: by the caller's own thread when the caller is in this JVM (no
 * socket, no hand-off), and by one thread per connected process otherwise. A request that cannot
 * be answered yet (a take from an empty queue) is answered when the state allows it, or answered
 * cancelled if its caller gives up first; a process that disconnects withdraws what it waited for,
 * so nothing is handed to a process that is gone.
 *
 * <p>Other processes connect to a Unix domain socket in this JVM's {@link SocketDirectory} (mode
 * 0700: no other OS user gets in) and must send the object's secret first, which only the
 * object's handles carry (no other process of the same user gets in). A request the state cannot
 * apply is answered {@link Wire#FAILED}, and the server serves on.
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

    /** Whoever sends requests: a connected process, or this JVM's own calls. Equal only to itself. */
    interface Peer {
        /** Takes a reply without waiting: it runs under the object's lock. */
        void reply(Wire.Reply reply);
    }

    /** Who waits for a reply: one peer's request. */
    record Requester(Peer peer, long id) {}

    /** The objects served by this JVM, by socket, so that its own handles call them directly. */
    private static final Map<String, HostedObject> HERE = new ConcurrentHashMap<>();

    private final String name;
    private final State state;
    private final Predicate<Requester> withdraw;
    private final byte[] secret;
    private final LocalLink local;
    private final AtomicLong peers = new AtomicLong();
    /** Requests the state put aside and has not answered yet; guarded by this. */
    private final Set<Requester> putAside = new HashSet<>();
    private final Replies replies = (requester, reply) -> {
        putAside.remove(requester);
        reply(requester, Wire.ANSWERED, reply);
    };

    private HostedObject(String name, State state, Predicate<Requester> withdraw, byte[] secret) {
        this.name = name;
        this.state = state;
        this.withdraw = withdraw;
        this.secret = secret;
        this.local = new LocalLink(this);
    }

    /** Starts serving {@code state}, whose requests are never put aside; returns the endpoint. */
    static Endpoint serve(String kind, State state) {
        return serve(kind, state, requester -> false);
    }

    /**
     * Starts serving {@code state} and returns its endpoint. {@code withdraw} removes a request the
     * state put aside and tells whether it was there; it runs under the object's lock too.
     */
    static Endpoint serve(String kind, State state, Predicate<Requester> withdraw) {
        Path socket = SocketDirectory.newSocket(kind);
        Endpoint endpoint = new Endpoint(socket.toString(), Endpoint.newSecret());
        HostedObject hosted = new HostedObject(endpoint.name(), state, withdraw, endpoint.secret());
        ServerSocketChannel server;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve a shared " + kind + " at " + socket, e);
        }
        HERE.put(endpoint.socket(), hosted);
        ServiceThreads.start(hosted.name, () -> hosted.accept(server));
        return endpoint;
    }

    /** This JVM's way to call the object at {@code endpoint} directly, or null if another JVM serves it. */
    static LocalLink localLink(Endpoint endpoint) {
        HostedObject hosted = HERE.get(endpoint.socket());
        return hosted == null ? null : hosted.local;
    }

    /** Applies one request of {@code requester}'s, or withdraws one for {@link Wire#CANCEL}. */
    synchronized void apply(Requester requester, String operation, byte[] argument) {
        if (operation.equals(Wire.CANCEL)) {
            if (putAside.remove(requester) && withdraw.test(requester)) {
                reply(requester, Wire.CANCELLED, null);
            }
            return;
        }
        byte[] reply;
        try {
            reply = state.handle(operation, argument, requester, replies);
        } catch (RuntimeException failure) {
            reply(requester, Wire.FAILED, String.valueOf(failure.getMessage()).getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (reply != null) {
            reply(requester, Wire.ANSWERED, reply);
        } else {
            putAside.add(requester);
        }
    }

    private static void reply(Requester requester, byte outcome, byte[] body) {
        if (requester.id() != Wire.NO_REPLY) {
            requester.peer().reply(new Wire.Reply(requester.id(), outcome, body));
        }
    }

    /** {@code peer} has gone: what it waited for is withdrawn, so no item or permit goes to it. */
    private synchronized void left(Peer peer) {
        List<Requester> its = putAside.stream().filter(requester -> requester.peer() == peer).toList();
        its.forEach(putAside::remove);
        its.forEach(withdraw::test);
    }

    private void accept(ServerSocketChannel server) {
        try (server) {
            while (true) {
                SocketChannel channel = server.accept();
                String peerName = name + "-peer-" + peers.incrementAndGet();
                ServiceThreads.start(peerName, () -> serve(channel, peerName));
            }
        } catch (IOException e) {
            // The JVM is ending; so does the shared object.
        }
    }

    /**
     * Serves one connected process, after it proved it holds a handle: applies its requests on this
     * thread, and writes each answer from the thread that gives it (this one, or the one whose
     * request made a put-aside one answerable), with no hand-off.
     */
    private void serve(SocketChannel channel, String peerName) {
        try (channel) {
            channel.configureBlocking(false);
            try (FrameReader in = new FrameReader(channel)) {
                if (!MessageDigest.isEqual(in.next(Wire.SECRET_BYTES), secret)) {
                    return; // not a holder of this object's handle: closed unanswered
                }
                FrameWriter out = new FrameWriter(peerName, channel, () -> closeQuietly(channel));
                Peer peer = reply -> out.send(Wire.encode(reply));
                try {
                    while (true) {
                        Wire.Request request = Wire.decodeRequest(in.nextFrame());
                        apply(new Requester(peer, request.id()), request.operation(), request.argument());
                    }
                } catch (IOException | ClosedSelectorException gone) {
                    // The process ended or closed its connection, or sent what is not a request.
                } finally {
                    left(peer);
                }
            }
        } catch (IOException e) {
            // It went before it said who it is.
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is all that was left to do.
        }
    }
}
