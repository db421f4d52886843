package dev.conclab.kernel.debug;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which process holds the other end of a loopback TCP connection, from Linux's /proc: the
 * socket whose local port is the connection's remote port and whose remote port is its local
 * port has an inode; the process owns the connection when one of its file descriptors is that
 * socket inode. A process of another user cannot pass: its descriptors cannot be read.
 */
final class PeerProcess {
    private PeerProcess() {}

    static boolean owns(long pid, Socket socket) {
        try {
            String inode = peerInode(socket.getPort(), socket.getLocalPort());
            if (inode == null) {
                return false;
            }
            String link = "socket:[" + inode + "]";
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                return fds.anyMatch(fd -> link.equals(readLink(fd)));
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The inode of the socket bound to {@code localPort} and connected to {@code remotePort}, or null. */
    private static String peerInode(int localPort, int remotePort) throws IOException {
        String local = String.format(":%04X", localPort);
        String remote = String.format(":%04X", remotePort);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[1].endsWith(local) && fields[2].endsWith(remote)) {
                    return fields[9];
                }
            }
        }
        return null;
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
