package dev.conclab.runtime.ipc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * A process that was given no handle (another notebook of the same user, or another user): for
 * each socket path argument (assumed leaked: a listing of /tmp shows the directory) it tries what
 * the report of issue 11 did and more, and prints one line per try saying what it received. It
 * waits for the server to close the connection, with a bound, never on a guess of time.
 */
final class Intruder {
    private static final int WAIT_MILLIS = 20_000;

    private Intruder() {}

    public static void main(String[] args) throws Exception {
        byte[] take = Wire.encode(new Wire.Request(1, "take", new byte[0]));
        byte[] guessed = new byte[Wire.SECRET_BYTES];
        new SecureRandom().nextBytes(guessed);
        byte[] garbage = new byte[64];
        new SecureRandom().nextBytes(garbage);
        for (String socket : args) {
            System.out.println("socket " + socket + " take-without-secret: " + attempt(socket, take));
            System.out.println("socket " + socket + " guessed-secret-then-take: " + attempt(socket, concat(guessed, take)));
            System.out.println("socket " + socket + " raw-bytes: " + attempt(socket, garbage));
        }
        System.exit(0);
    }

    /** Connects, writes {@code bytes}, ends its side, and reports what came back until the server closed. */
    private static String attempt(String socket, byte[] bytes) throws IOException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException refused) {
            return "could not connect (" + refused.getClass().getSimpleName() + ": " + refused.getMessage() + "), nothing received";
        }
        try (channel; Selector selector = Selector.open()) {
            channel.write(ByteBuffer.wrap(bytes));
            channel.shutdownOutput();
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
            while (System.nanoTime() < deadline) {
                selector.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                buffer.clear();
                int read;
                try {
                    read = channel.read(buffer);
                } catch (IOException reset) {
                    return "reset, " + verdict(received);
                }
                if (read < 0) {
                    return "closed, " + verdict(received);
                }
                received.write(buffer.array(), 0, read);
            }
            return "not closed within " + WAIT_MILLIS + " ms, " + verdict(received);
        }
    }

    private static String verdict(ByteArrayOutputStream received) {
        if (received.size() == 0) {
            return "nothing received";
        }
        boolean javaObject = received.toString(StandardCharsets.ISO_8859_1).contains("\u00AC\u00ED");
        return "RECEIVED " + received.size() + " bytes" + (javaObject ? ", A JAVA OBJECT" : "");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
