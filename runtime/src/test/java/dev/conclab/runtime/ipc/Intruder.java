package dev.conclab.runtime.ipc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A process that was given no handle (another notebook of the same user, or another user): for
 * each {@code port:serverKey} argument (the port it found listening, and the server's public key,
 * assumed leaked) it tries what the report of issue 11 did and more, and prints one line per try
 * saying what it received. It waits on ZeroMQ's own events, never on a guess of time.
 */
final class Intruder {
    private static final int WAIT_MILLIS = 20_000;

    private Intruder() {}

    public static void main(String[] args) throws Exception {
        try (ZContext context = new ZContext()) {
            for (String target : args) {
                int port = Integer.parseInt(target.substring(0, target.indexOf(':')));
                byte[] serverKey = ZMQ.Curve.z85Decode(target.substring(target.indexOf(':') + 1));
                System.out.println("port " + port + " null-dealer: " + dealer(context, port, null));
                System.out.println("port " + port + " own-curve-key: " + dealer(context, port, serverKey));
                System.out.println("port " + port + " raw-bytes: " + raw(port));
            }
        }
        System.exit(0);
    }

    /**
     * A DEALER that sends the three frames of a {@code take}: with the NULL mechanism when
     * {@code serverKey} is null, else with CURVE, the leaked server key and a key pair of its own.
     */
    private static String dealer(ZContext context, int port, byte[] serverKey) {
        ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
        ZMQ.Socket events = context.createSocket(SocketType.PAIR);
        try {
            String monitor = "inproc://monitor-" + port + "-" + (serverKey == null ? "null" : "curve");
            dealer.monitor(monitor, ZMQ.EVENT_DISCONNECTED | ZMQ.EVENT_CONNECTED);
            events.connect(monitor);
            if (serverKey != null) {
                CurveKeys own = CurveKeys.generate();
                dealer.setCurveServerKey(serverKey);
                dealer.setCurvePublicKey(own.publicKey());
                dealer.setCurveSecretKey(own.secretKey());
            }
            dealer.setLinger(0);
            dealer.connect("tcp://127.0.0.1:" + port);
            dealer.sendMore(ByteBuffer.allocate(Long.BYTES).putLong(1).array());
            dealer.sendMore("take");
            dealer.send(new byte[0], 0);
            events.setReceiveTimeOut(WAIT_MILLIS);
            // The server ends the handshake: the event says so; an answer would have come before it.
            ZMQ.Event event;
            do {
                event = ZMQ.Event.recv(events);
            } while (event != null && event.getEvent() != ZMQ.EVENT_DISCONNECTED);
            byte[] received = dealer.recv(ZMQ.DONTWAIT);
            if (received != null) {
                return "RECEIVED " + received.length + " bytes";
            }
            return event == null ? "nothing received, but no disconnect within " + WAIT_MILLIS + " ms" : "disconnected, nothing received";
        } finally {
            dealer.close();
            events.close();
        }
    }

    /** Raw bytes: the take's frames written as they would be after a NULL greeting. */
    private static String raw(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), WAIT_MILLIS);
            socket.setSoTimeout(WAIT_MILLIS);
            OutputStream out = socket.getOutputStream();
            byte[] greeting = new byte[64];
            greeting[0] = (byte) 0xFF;
            greeting[9] = 0x7F;
            greeting[10] = 3;
            System.arraycopy("NULL".getBytes(StandardCharsets.US_ASCII), 0, greeting, 12, 4);
            out.write(greeting);
            out.write(new byte[] {1, 8, 0, 0, 0, 0, 0, 0, 0, 1, 1, 4, 't', 'a', 'k', 'e', 0, 0});
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            String end;
            try {
                in.transferTo(received);
                end = "closed";
            } catch (SocketTimeoutException e) {
                end = "not closed within " + WAIT_MILLIS + " ms";
            } catch (SocketException e) {
                end = "reset";
            }
            boolean javaObject = received.toString(StandardCharsets.ISO_8859_1).contains("\u00AC\u00ED");
            return (javaObject ? "RECEIVED A JAVA OBJECT, " : end + ", nothing but ") + received.size() + " bytes of greeting";
        }
    }
}
