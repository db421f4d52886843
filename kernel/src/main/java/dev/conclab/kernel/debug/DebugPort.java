package dev.conclab.kernel.debug;

import dev.conclab.kernel.channel.ToExecutor;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The kernel's end of the JDWP connection to one executor JVM. JDWP has no authentication, so
 * the executor never listens: its agent dials this port (JDWP {@code server=n}), and only once a
 * debug session starts ({@code onthrow=}, see {@link ToExecutor.StartDebugging}). Any local user
 * can connect to a loopback port, so a connection is trusted only when {@link PeerProcess} finds
 * its other end among the executor process's own sockets; others are closed unread.
 */
public final class DebugPort implements Closeable {
    private static final System.Logger LOG = System.getLogger("conclab.debug");

    private final ServerSocket server;

    private DebugPort(ServerSocket server) {
        this.server = server;
    }

    /**
     * Whether executors get the debugging agent: only when the kernel JVM runs with
     * {@code -Dconclab.debugger=on} (./install.sh --debugger). Even asleep, a JDWP agent holds
     * the JVMTI capability to report exceptions, and HotSpot then deoptimizes every compiled frame
     * that catches one: a cell that throws and catches exceptions ran 8 to 14 times slower, and
     * javac, which throws internally, compiled trivial cells slower (docs/benchmarks.md). A
     * notebook that does not debug must not pay that.
     */
    public static boolean enabled() {
        return "on".equals(System.getProperty("conclab.debugger"));
    }

    public static DebugPort open() throws IOException {
        return new DebugPort(new ServerSocket(0, 4, InetAddress.getByAddress(new byte[] {127, 0, 0, 1})));
    }

    /**
     * The executor's JDWP agent option: loaded at start but asleep (no JDWP thread, no socket)
     * until the executor throws the wake-up exception; {@code launch} is required with
     * {@code onthrow} and runs a program that does nothing.
     */
    public String agentOption() {
        return "-agentlib:jdwp=transport=dt_socket,server=n,suspend=n,address=127.0.0.1:" + server.getLocalPort()
                + ",onthrow=" + ToExecutor.StartDebugging.WAKE_EXCEPTION + ",launch=/bin/true";
    }

    /**
     * Waits, at most {@code within}, for the process {@code peer} to dial in; connections from any
     * other process are closed. Fails at once when the process ends: it will never dial.
     */
    public Socket accept(ProcessHandle peer, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (!peer.isAlive()) {
                throw new IOException("the Java process ended before its debugging agent connected");
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new IOException("the Java process's debugging agent did not connect in time (the machine may be"
                        + " very busy); attach again: a late connection is still taken");
            }
            // In slices, so that the process's end is noticed.
            server.setSoTimeout((int) Math.min(left, 250));
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (PeerProcess.owns(peer.pid(), socket)) {
                return socket;
            }
            LOG.log(System.Logger.Level.WARNING, "refused a debug connection from " + socket.getRemoteSocketAddress()
                    + ": it does not come from the executor process " + peer.pid());
            socket.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
