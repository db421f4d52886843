package dev.conclab.runtime.internal.cells;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code System.out} and {@code System.err} of the executor: text goes to the cell of the
 * thread that writes it.
 *
 * <p>Every write of a {@link PrintStream} arrives here as bytes while the stream's lock is held, so
 * a {@code println} from one thread is never split by another thread's output.
 */
public final class CellPrintStream extends PrintStream {
    private final CellRouting routing;

    public CellPrintStream(CellRouting routing, StreamName stream) {
        super(new Utf8Forwarder(routing, stream), true, StandardCharsets.UTF_8);
        this.routing = routing;
    }

    /** Turns bytes into text without splitting a multi-byte character across two writes. */
    private static final class Utf8Forwarder extends OutputStream {
        private final CellRouting routing;
        private final StreamName stream;
        private final byte[] pending = new byte[4];
        private final SourceLabels labels = new SourceLabels();
        private int pendingLength;

        Utf8Forwarder(CellRouting routing, StreamName stream) {
            this.routing = routing;
            this.stream = stream;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            byte[] all = bytes;
            int from = offset;
            int to = offset + length;
            if (pendingLength > 0) {
                all = new byte[pendingLength + length];
                System.arraycopy(pending, 0, all, 0, pendingLength);
                System.arraycopy(bytes, offset, all, pendingLength, length);
                from = 0;
                to = all.length;
                pendingLength = 0;
            }
            int complete = Utf8.completeEnd(all, from, to);
            pendingLength = to - complete;
            System.arraycopy(all, complete, pending, 0, pendingLength);
            if (complete > from) {
                Cell cell = routing.current();
                if (cell != null) {
                    String text = new String(all, from, complete - from, StandardCharsets.UTF_8);
                    routing.sink().write(cell, stream, routing.labelsLines(cell) ? labels.label(text) : text);
                }
            }
        }
    }
}
