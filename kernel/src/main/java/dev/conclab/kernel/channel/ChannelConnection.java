package dev.conclab.kernel.channel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.SocketChannel;

/**
 * One end of the local channel between the kernel and its executor JVM: a Unix domain socket
 * carrying serialized records, in order.
 *
 * <p>Both ends are our own code in JVMs we started, on a socket only our user can open, so Java
 * serialization of the sealed message records is safe here and costs no extra library.
 *
 * @param <I> what this end receives
 * @param <O> what this end sends
 */
public final class ChannelConnection<I extends Serializable, O extends Serializable> implements Closeable {
    private final SocketChannel socket;
    private final ObjectOutputStream out;
    private final ObjectInputStream in;
    private final Class<I> incoming;

    public ChannelConnection(SocketChannel socket, Class<I> incoming) throws IOException {
        this.socket = socket;
        this.incoming = incoming;
        OutputStream rawOut = new BufferedOutputStream(SocketStreams.output(socket), 1 << 16);
        this.out = new ObjectOutputStream(rawOut);
        out.flush();
        InputStream rawIn = new BufferedInputStream(SocketStreams.input(socket), 1 << 16);
        this.in = new ObjectInputStream(rawIn);
    }

    /** Sends one message; safe to call from any thread. */
    public void send(O message) throws IOException {
        synchronized (out) {
            out.writeObject(message);
            // Forget sent objects: without this the stream keeps every message ever sent.
            out.reset();
            out.flush();
        }
    }

    /** Waits for the next message; only the one reader thread calls this. */
    public I receive() throws IOException {
        try {
            return incoming.cast(in.readObject());
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException("unexpected object on the executor channel", e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
