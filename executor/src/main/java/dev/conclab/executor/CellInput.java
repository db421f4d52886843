package dev.conclab.executor;

import dev.conclab.runtime.internal.cells.NotebookRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The executor's {@code System.in}: when a cell reads and nothing is buffered, the notebook asks
 * the person for a line of input.
 */
final class CellInput extends InputStream {

    /** Asks the front end for a line; answers arrive through {@link #deliver}. */
    interface Asker {
        void ask(String prompt);
    }

    private final Asker asker;
    // The answer may arrive before the cell starts waiting for it, so it is queued, not handed over.
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private volatile boolean allowed;
    private byte[] buffer = new byte[0];
    private int position;

    CellInput(Asker asker) {
        this.asker = asker;
    }

    /** Whether the front end that ran the current cell accepts input requests. */
    void allow(boolean allowed) {
        this.allowed = allowed;
    }

    /** Hands over the line the person typed. */
    void deliver(String line) {
        answers.offer(line);
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int count = Math.min(length, buffer.length - position);
        System.arraycopy(buffer, position, bytes, offset, count);
        position += count;
        return count;
    }

    @Override
    public synchronized int available() {
        return buffer.length - position;
    }

    private boolean fill() throws IOException {
        if (position < buffer.length) {
            return true;
        }
        if (!allowed) {
            throw new IllegalStateException("This front end does not accept input (allow_stdin is false), "
                    + "so System.in cannot be read here; run the cell in JupyterLab or Notebook to type input.");
        }
        NotebookRuntime.out().flush();
        answers.clear();
        asker.ask("");
        String line;
        try {
            line = answers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input");
        }
        buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
    }
}
