package dev.conclab.kernel.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Serves an ipc:// endpoint as Jupyter's clients mean it, a Unix domain socket file, in front of a
 * JeroMQ socket on loopback TCP. JeroMQ's own ipc:// is TCP on a port derived from the name, which
 * libzmq clients cannot reach. ZeroMQ's wire protocol does not care what carries its bytes, so
 * each connection is copied byte for byte, both ways, by two threads of its own.
 */
final class UnixSocketRelay implements AutoCloseable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path socketFile;
    private final ServerSocketChannel server;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();

    private UnixSocketRelay(Path socketFile, ServerSocketChannel server) {
        this.socketFile = socketFile;
        this.server = server;
    }

    /** Listens on {@code socketFile} and relays each connection to {@code tcpPort} on loopback. */
    static UnixSocketRelay start(Path socketFile, int tcpPort) throws IOException {
        Files.deleteIfExists(socketFile); // left by a kernel that was killed
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketFile));
        UnixSocketRelay relay = new UnixSocketRelay(socketFile, server);
        daemon("conclab-ipc-" + socketFile.getFileName(), () -> relay.accept(tcpPort));
        return relay;
    }

    private void accept(int tcpPort) {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort);
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel kernel = SocketChannel.open(target);
                kernel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                open.add(client);
                open.add(kernel);
                daemon("conclab-ipc-in", () -> copy(client, kernel));
                daemon("conclab-ipc-out", () -> copy(kernel, client));
            } catch (IOException e) {
                // Closed by close(), or one connection failed; the next accept tells which.
            }
        }
    }

    private void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        open.forEach(UnixSocketRelay::closeQuietly);
        try {
            Files.deleteIfExists(socketFile);
        } catch (IOException e) {
            // A socket file left behind is replaced by the next kernel that uses its name.
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
