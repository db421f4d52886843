package dev.conclab.kernel.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conclab.kernel.core.KernelCore;
import dev.conclab.kernel.core.KernelInfo;
import dev.conclab.kernel.execution.EarlyEvents;
import dev.conclab.kernel.execution.ExecutorSupervisor;
import dev.conclab.kernel.history.History;
import dev.conclab.kernel.output.CellOutputs;
import dev.conclab.kernel.protocol.Publisher;
import dev.conclab.kernel.protocol.Session;
import dev.conclab.kernel.protocol.SocketLoop;
import dev.conclab.kernel.protocol.StdinChannel;
import dev.conclab.kernel.wire.ConnectionInfo;
import dev.conclab.kernel.wire.MalformedMessageException;
import dev.conclab.kernel.wire.Signer;
import dev.conclab.kernel.wire.WireMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Binds the five Jupyter sockets named in the connection file, gives each its owner thread, and
 * wires them to the kernel core. Runs until a shutdown request or a signal ends the kernel.
 */
public final class KernelServer {
    private static final System.Logger LOG = System.getLogger("conclab.kernel");
    private static final long MAX_FRAME_BYTES = 64L << 20;

    private final ZContext context = new ZContext();
    // The heartbeat has an I/O thread of its own: a flood of output keeps the main one busy, and a
    // client that hears no heartbeat for seconds declares the kernel dead.
    private final ZContext heartbeatContext = new ZContext(1);
    private final List<UnixSocketRelay> relays = new ArrayList<>();
    private final List<SocketLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ExecutorSupervisor executor;
    private final KernelCore core;

    /**
     * {@code executor} was started before this server, so that its JVM starts while these
     * sockets are bound; what it reported meanwhile waits in {@code executorEvents}.
     */
    public KernelServer(ConnectionInfo connection, ObjectMapper json, ExecutorSupervisor executor, EarlyEvents executorEvents)
            throws IOException {
        // Let queued replies (the idle after a shutdown_reply) leave before sockets close.
        context.setLinger(1000);
        Session session = new Session(json, new Signer(connection.key()));
        Publisher iopub = new Publisher(session);
        StdinChannel stdin = new StdinChannel(session);
        CellOutputs outputs = new CellOutputs(iopub, json, stdin::ask);
        this.executor = executor;
        executorEvents.attach(outputs);
        this.core = new KernelCore(session, iopub, executor, new History(), outputs, new KernelInfo(), this::stopLater);

        SocketLoop[] shell = new SocketLoop[1];
        SocketLoop[] control = new SocketLoop[1];
        shell[0] = loop("shell", bind(SocketType.ROUTER, connection, connection.shellPort()), frames -> core.onShell(shell[0], frames));
        control[0] = loop("control", bind(SocketType.ROUTER, connection, connection.controlPort()), frames -> core.onControl(control[0], frames));
        ZMQ.Socket iopubSocket = bind(SocketType.XPUB, connection, connection.iopubPort());
        // Report every subscription, not only new topics: each client that subscribes to "" is welcomed.
        iopubSocket.setXpubVerbose(true);
        SocketLoop iopubLoop = loop("iopub", iopubSocket, iopub::subscriptionChanged);
        iopub.attach(iopubLoop);
        SocketLoop stdinLoop = loop("stdin", bind(SocketType.ROUTER, connection, connection.stdinPort()),
                frames -> inputReply(session, frames));
        stdin.attach(stdinLoop);
        // The heartbeat echoes each ping from a loop like the other sockets', so that at shutdown
        // its own thread closes its socket before the context ends.
        SocketLoop[] heartbeat = new SocketLoop[1];
        heartbeat[0] = loop("heartbeat", heartbeatContext,
                bind(heartbeatContext, SocketType.REP, connection, connection.heartbeatPort()), ping -> heartbeat[0].send(ping));
    }

    /** Starts every socket thread and blocks until the kernel is told to stop. */
    public void run() throws InterruptedException {
        threads.forEach(Thread::start);
        stopped.await();
    }

    /** Handles SIGINT like an interrupt_request. */
    public void interrupt() {
        core.onSigint();
    }

    /** Ends the executor and everything it started, then the sockets. */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        // The executor is ended first, so that its end overlaps with the sockets' closing: on a
        // restart jupyter_client polls every 100 ms for this process to end before it starts the
        // next kernel.
        executor.kill();
        loops.forEach(SocketLoop::stop);
        for (Thread thread : threads) {
            if (thread != Thread.currentThread()) {
                try {
                    thread.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        executor.close();
        context.close();
        heartbeatContext.close();
        relays.forEach(UnixSocketRelay::close);
        stopped.countDown();
    }

    /** A shutdown_request arrives on a socket thread, which must first send its reply. */
    private void stopLater() {
        Thread stopper = new Thread(this::stop, "conclab-shutdown");
        stopper.start();
    }

    private void inputReply(Session session, List<byte[]> frames) {
        try {
            var message = session.read(WireMessage.decode(frames));
            if (message.msgType().equals("input_reply")) {
                executor.input(message.content().path("value").asText(""));
            }
        } catch (MalformedMessageException e) {
            LOG.log(System.Logger.Level.WARNING, "refused on stdin: " + e.getMessage());
        }
    }

    private SocketLoop loop(String name, ZMQ.Socket socket, SocketLoop.Handler handler) throws IOException {
        return loop(name, context, socket, handler);
    }

    private SocketLoop loop(String name, ZContext context, ZMQ.Socket socket, SocketLoop.Handler handler) throws IOException {
        SocketLoop loop = new SocketLoop(name, context, socket, handler);
        loops.add(loop);
        threads.add(new Thread(loop, "conclab-" + name));
        return loop;
    }

    private ZMQ.Socket bind(SocketType type, ConnectionInfo connection, int port) throws IOException {
        return bind(context, type, connection, port);
    }

    private ZMQ.Socket bind(ZContext context, SocketType type, ConnectionInfo connection, int port) throws IOException {
        ZMQ.Socket socket = context.createSocket(type);
        // A peer that sends a bigger frame is cut off before it is held in memory.
        socket.setMaxMsgSize(MAX_FRAME_BYTES);
        if (connection.transport().equals("ipc")) {
            relays.add(UnixSocketRelay.start(Path.of(connection.ip() + "-" + port), socket.bindToRandomPort("tcp://127.0.0.1")));
            return socket;
        }
        String endpoint = connection.endpoint(port);
        if (!socket.bind(endpoint)) {
            throw new IllegalStateException("cannot bind " + type + " socket to " + endpoint);
        }
        return socket;
    }
}
