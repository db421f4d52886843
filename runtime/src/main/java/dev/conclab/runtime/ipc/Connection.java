package dev.conclab.runtime.ipc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * This JVM's one connection to one shared object's server: a DEALER socket, made once and owned
 * by one daemon thread, as a ZeroMQ socket must be. Any thread calls; the owner sends its request
 * with a fresh id and completes the caller's future when the reply with that id comes back. The
 * owner sleeps in a poll on the socket and on a wake-up pipe, never in a timed loop.
 *
 * <p>One connection for all threads replaces a socket per thread: every cell runs on a fresh
 * thread, and each new socket's handshake could stall (then be dropped with its request).
 */
final class Connection {
    private static final byte[] WAKE = {1};

    /** A request and the future its caller waits on; {@code giveBack} may be null. */
    private record Call(long id, String operation, byte[] argument, String giveBack, CompletableFuture<byte[]> answer) {}

    /** The caller of {@code call} was interrupted and waits no more. */
    private record Abandon(Call call) {}

    private final Endpoint endpoint;
    private final AtomicLong ids = new AtomicLong();
    private final Queue<Object> inbox = new ConcurrentLinkedQueue<>();
    private volatile Pipe wakeUp;
    private volatile boolean closed;
    // Only the owner thread touches these.
    private final Map<Long, Call> waiting = new HashMap<>();
    private final Map<Long, Call> abandoned = new HashMap<>();

    private Connection(Endpoint endpoint) throws IOException {
        this.endpoint = endpoint;
        this.wakeUp = openPipe();
    }

    /** Connects to the server at {@code endpoint} from a new owner thread. */
    static Connection open(Endpoint endpoint) {
        try {
            Connection connection = new Connection(endpoint);
            ServiceThreads.start("connection-" + endpoint.port(), connection::run);
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a connection to a shared object", e);
        }
    }

    /** Whether the owner thread has ended; calls fail, and a new connection is needed. */
    boolean isClosed() {
        return closed;
    }

    /**
     * Sends a request and waits for its answer. An interrupt ends the wait: the owner then
     * withdraws the request from the server if it still waits there, or, if the server answered
     * it already, sends {@code giveBack} with that answer (a taken item goes back into its queue,
     * an acquired permit is released); with no {@code giveBack} the operation stays done.
     *
     * @throws InterruptedException when the calling thread is interrupted before the answer arrives
     */
    byte[] call(String operation, byte[] argument, String giveBack) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before calling a shared object");
        }
        Call call = new Call(ids.incrementAndGet(), operation, argument, giveBack, new CompletableFuture<>());
        submit(call);
        try {
            return call.answer().get();
        } catch (InterruptedException e) {
            submit(new Abandon(call));
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refused refused) {
                throw new IllegalStateException(refused.getMessage(), refused);
            }
            throw new IllegalStateException("a shared object did not answer: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void submit(Object command) {
        inbox.add(command);
        wake();
        if (closed) {
            // The owner may have ended before it saw this command: nobody else will answer it.
            failInbox();
        }
    }

    /** Writes a byte the owner's poll wakes up on. */
    private void wake() {
        // A write by an interrupted thread would close the pipe (an interruptible channel).
        boolean interrupted = Thread.interrupted();
        try {
            while (!closed) {
                Pipe pipe = wakeUp;
                try {
                    pipe.sink().write(ByteBuffer.wrap(WAKE));
                    return;
                } catch (ClosedChannelException e) {
                    // An interrupt closed it after all: the owner sees the end of the pipe and opens
                    // a new one; write there.
                    interrupted |= Thread.interrupted();
                    Thread.yield();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot wake the connection to " + endpoint, e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        ZMQ.Socket socket = null;
        try {
            socket = Wire.context().createSocket(SocketType.DEALER);
            socket.setSndHWM(0); // never block the owner: requests wait in memory, as their callers do
            socket.setLinger(0);
            socket.setCurveServerKey(endpoint.serverKey());
            socket.setCurvePublicKey(endpoint.client().publicKey());
            socket.setCurveSecretKey(endpoint.client().secretKey());
            socket.connect(endpoint.address());
            while (true) {
                serve(socket, wakeUp);
                Pipe closedPipe = wakeUp;
                wakeUp = openPipe();
                closedPipe.source().close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the wake-up pipe of the connection to " + endpoint + " failed", e);
        } finally {
            // Only a failure gets here (the JVM exiting, a stopped thread): calls must not wait forever.
            closed = true;
            IllegalStateException lost = new IllegalStateException("the connection to " + endpoint + " ended");
            waiting.values().forEach(call -> call.answer().completeExceptionally(lost));
            failInbox();
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** Serves until the wake-up pipe is closed (by an interrupted writer). */
    private void serve(ZMQ.Socket socket, Pipe pipe) throws IOException {
        try (ZMQ.Poller poller = Wire.context().createPoller(2)) {
            poller.register(socket, ZMQ.Poller.POLLIN);
            poller.register(pipe.source(), ZMQ.Poller.POLLIN);
            ByteBuffer drained = ByteBuffer.allocate(64);
            while (true) {
                // Drain wake-ups before reading the inbox: a command added later wakes the poll again.
                int read;
                do {
                    drained.clear();
                    read = pipe.source().read(drained);
                } while (read > 0);
                if (read < 0) {
                    return;
                }
                Object command;
                while ((command = inbox.poll()) != null) {
                    if (command instanceof Call call) {
                        waiting.put(call.id(), call);
                        Wire.sendRequest(socket, call.id(), call.operation(), call.argument());
                    } else {
                        abandon(socket, ((Abandon) command).call());
                    }
                }
                Wire.Reply reply;
                while ((reply = Wire.receiveReply(socket)) != null) {
                    received(socket, reply);
                }
                poller.poll(-1);
            }
        }
    }

    private void received(ZMQ.Socket socket, Wire.Reply reply) {
        Call call = waiting.remove(reply.id());
        if (call != null && reply.failed()) {
            call.answer().completeExceptionally(new Refused(new String(reply.body(), StandardCharsets.UTF_8)));
            return;
        }
        if (call != null) {
            call.answer().complete(reply.body());
            return;
        }
        Call gone = abandoned.remove(reply.id());
        if (gone != null && !reply.cancelled() && !reply.failed()) {
            // The server answered before it saw the cancel.
            giveBack(socket, gone, reply.body());
        }
        // Else the answer to a give-back, which nobody waits for.
    }

    private void abandon(ZMQ.Socket socket, Call call) {
        if (waiting.remove(call.id()) != null) {
            abandoned.put(call.id(), call);
            Wire.sendRequest(socket, call.id(), Wire.CANCEL, new byte[0]);
        } else if (call.answer().isDone() && !call.answer().isCompletedExceptionally()) {
            // Answered just as its caller was interrupted.
            giveBack(socket, call, call.answer().join());
        }
    }

    private void giveBack(ZMQ.Socket socket, Call call, byte[] answer) {
        if (call.giveBack() != null) {
            Wire.sendRequest(socket, ids.incrementAndGet(), call.giveBack(), answer);
        }
    }

    private void failInbox() {
        IllegalStateException lost = new IllegalStateException("the connection to " + endpoint + " has ended");
        List<Object> left = new ArrayList<>();
        Object command;
        while ((command = inbox.poll()) != null) {
            left.add(command);
        }
        left.stream().filter(Call.class::isInstance).forEach(call -> ((Call) call).answer().completeExceptionally(lost));
    }

    /** The server answered that it could not apply a request; the message says why. */
    private static final class Refused extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private static Pipe openPipe() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        return pipe;
    }
}
