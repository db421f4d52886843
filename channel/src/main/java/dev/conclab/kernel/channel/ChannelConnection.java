package dev.conclab.kernel.channel;

import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.JdkValues;
import dev.conclab.runtime.serial.RefusedObjectException;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.SocketChannel;

/**
 * One end of the local channel between the kernel and its executor JVM: a Unix domain socket
 * carrying serialized records, in order.
 *
 * <p>Both ends are our own code in JVMs we started, on a socket in a directory only our user can
 * open, so Java serialization of the sealed message records costs no extra library; still, what
 * arrives passes a JEP 290 filter that admits the channel's records and the JDK values and
 * collections they hold, and nothing else, so that bytes on the socket can never run code.
 *
 * @param <I> what this end receives
 * @param <O> what this end sends
 */
public final class ChannelConnection<I extends Serializable, O extends Serializable> implements Closeable {
    private final SocketChannel socket;
    private final ObjectOutputStream out;
    private final FilteredInput in;
    private final Class<I> incoming;

    public ChannelConnection(SocketChannel socket, Class<I> incoming) throws IOException {
        this.socket = socket;
        this.incoming = incoming;
        OutputStream rawOut = new BufferedOutputStream(SocketStreams.output(socket), 1 << 16);
        this.out = new ObjectOutputStream(rawOut);
        out.flush();
        InputStream rawIn = new BufferedInputStream(SocketStreams.input(socket), 1 << 16);
        this.in = new FilteredInput(rawIn, SerialFilter.of("the executor channel", ChannelConnection::isMessagePart));
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
            return incoming.cast(in.readChecked());
        } catch (ClassNotFoundException | ClassCastException | RefusedObjectException e) {
            throw new IOException("unexpected object on the executor channel: " + e.getMessage(), e);
        }
    }

    /** The records of this package and the strings, numbers, lists and maps in their fields. */
    private static boolean isMessagePart(Class<?> type) {
        return type.getName().startsWith(ChannelConnection.class.getPackageName() + ".") || JdkValues.allows(type);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
