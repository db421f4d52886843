package dev.conclab.kernel.debug;

import com.sun.jdi.connect.spi.ClosedConnectionException;
import com.sun.jdi.connect.spi.Connection;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JDWP packets over a socket the kernel accepted and checked itself ({@link DebugPort}), for
 * JDI's {@code createVirtualMachine(Connection)}: JDI's own listening connector would trust
 * whoever connects first.
 */
final class JdwpConnection extends Connection {
    private static final byte[] HANDSHAKE = "JDWP-Handshake".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();

    private JdwpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens the connection: the debugger speaks first, the agent echoes the handshake. */
    static JdwpConnection handshake(Socket socket) throws IOException {
        JdwpConnection connection = new JdwpConnection(socket);
        socket.setSoTimeout(10_000);
        connection.out.write(HANDSHAKE);
        connection.out.flush();
        byte[] answer = new byte[HANDSHAKE.length];
        connection.in.readFully(answer);
        if (!Arrays.equals(answer, HANDSHAKE)) {
            socket.close();
            throw new IOException("the executor's debugging agent answered the JDWP handshake wrongly");
        }
        socket.setSoTimeout(0);
        return connection;
    }

    @Override
    public byte[] readPacket() throws IOException {
        synchronized (readLock) {
            if (!isOpen()) {
                throw new ClosedConnectionException();
            }
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                return new byte[0];
            }
            if (length < 11) {
                throw new IOException("bad JDWP packet length " + length);
            }
            byte[] packet = new byte[length];
            packet[0] = (byte) (length >>> 24);
            packet[1] = (byte) (length >>> 16);
            packet[2] = (byte) (length >>> 8);
            packet[3] = (byte) length;
            in.readFully(packet, 4, length - 4);
            return packet;
        }
    }

    @Override
    public void writePacket(byte[] packet) throws IOException {
        synchronized (writeLock) {
            if (!isOpen()) {
                throw new ClosedConnectionException();
            }
            out.write(packet);
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }
}
