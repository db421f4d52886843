package dev.conclab.kernel.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The one thread that owns a ZeroMQ socket: it receives and hands frames to a handler, and sends
 * what any thread queued with {@link #send}. It sleeps in a poll on the socket and on a wake-up
 * pipe, never in a timed loop.
 */
public final class SocketLoop implements Runnable {

    /** Handles the frames of one received message, on the loop's thread. */
    public interface Handler {
        void received(List<byte[]> frames);
    }

    private final String name;
    private final ZContext context;
    private final ZMQ.Socket socket;
    private final Handler handler;
    private final Queue<List<byte[]>> outbox = new ConcurrentLinkedQueue<>();
    private final Pipe wakeUp;
    private final ByteBuffer wakeByte = ByteBuffer.allocate(1);
    private volatile boolean running = true;

    public SocketLoop(String name, ZContext context, ZMQ.Socket socket, Handler handler) throws IOException {
        this.name = name;
        this.context = context;
        this.socket = socket;
        this.handler = handler;
        this.wakeUp = Pipe.open();
        wakeUp.source().configureBlocking(false);
    }

    public String name() {
        return name;
    }

    /** Queues a message; the loop's thread sends it. Safe from any thread, in order per thread. */
    public void send(List<byte[]> frames) {
        outbox.add(frames);
        wake();
    }

    /** Ends the loop after the messages queued so far are sent. */
    public void stop() {
        running = false;
        wake();
    }

    /** Messages already waiting on the socket, taken without waiting; call only from the handler. */
    public List<List<byte[]>> receiveWaiting() {
        List<List<byte[]>> waiting = new ArrayList<>();
        List<byte[]> frames;
        while ((frames = receive(ZMQ.DONTWAIT)) != null) {
            waiting.add(frames);
        }
        return waiting;
    }

    @Override
    public void run() {
        try (ZMQ.Poller poller = context.createPoller(2)) {
            int socketIndex = poller.register(socket, ZMQ.Poller.POLLIN);
            poller.register(wakeUp.source(), ZMQ.Poller.POLLIN);
            while (running) {
                poller.poll(-1);
                drainWakeUps();
                flushOutbox();
                if (poller.pollin(socketIndex)) {
                    List<byte[]> frames;
                    while (running && (frames = receive(ZMQ.DONTWAIT)) != null) {
                        handler.received(frames);
                        flushOutbox();
                    }
                }
            }
            flushOutbox();
        } catch (ZMQException e) {
            if (e.getErrorCode() != ZMQ.Error.ETERM.getCode()) {
                throw e;
            }
        } finally {
            socket.close();
        }
    }

    private List<byte[]> receive(int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    private void flushOutbox() {
        List<byte[]> frames;
        while ((frames = outbox.poll()) != null) {
            for (int i = 0; i < frames.size(); i++) {
                socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
            }
        }
    }

    private void wake() {
        try {
            synchronized (wakeUp) {
                wakeUp.sink().write(ByteBuffer.wrap(new byte[] {1}));
            }
        } catch (IOException e) {
            throw new IllegalStateException("the wake-up pipe of the " + name + " socket is closed", e);
        }
    }

    private void drainWakeUps() {
        try {
            do {
                wakeByte.clear();
            } while (wakeUp.source().read(wakeByte) > 0);
        } catch (IOException e) {
            throw new IllegalStateException("the wake-up pipe of the " + name + " socket is closed", e);
        }
    }
}
