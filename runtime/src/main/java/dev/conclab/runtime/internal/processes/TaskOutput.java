package dev.conclab.runtime.internal.processes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A pool worker's stderr, where what its tasks print goes (System.out and System.err both), with
 * the markers the parent's output pump goes by: before a task's first output, the task's number
 * ({@link #TASK_START}), so that the pump shows it in the cell of that task; after a task that
 * printed, {@link #TASK_DONE}, so that the parent shows its output before its result. A task that
 * prints nothing, as a map's chunk mostly does, writes no marker, and the parent does not wait
 * for its output pump: that wait was a second thread woken per chunk.
 */
final class TaskOutput extends OutputStream {
    static final String TASK_START = "\u0000conclab-task-start ";
    static final String TASK_DONE = "\u0000conclab-task-done";

    private final OutputStream err;
    /** The number of the task that runs, or -1 between tasks. */
    private int task = -1;
    private boolean printed;
    /** Whether the last byte out ended a line: a marker must start a line of its own. */
    private boolean atLineStart = true;

    TaskOutput(OutputStream err) {
        this.err = err;
    }

    /** Task {@code number} (counted from 0 over the tasks and chunks this worker was sent) starts. */
    synchronized void begin(int number) {
        task = number;
        printed = false;
    }

    /** The task ended; whether it printed, in which case its output is out and the end marker behind it. */
    synchronized boolean end() throws IOException {
        boolean did = printed;
        if (did) {
            marker(TASK_DONE);
            err.flush();
        }
        task = -1;
        printed = false;
        return did;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        marked();
        err.write(b);
        atLineStart = b == '\n';
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > 0) {
            marked();
            err.write(bytes, offset, length);
            atLineStart = bytes[offset + length - 1] == '\n';
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        err.flush();
    }

    private void marked() throws IOException {
        if (task >= 0 && !printed) {
            printed = true;
            marker(TASK_START + task);
        }
    }

    private void marker(String marker) throws IOException {
        err.write(((atLineStart ? "" : "\n") + marker + '\n').getBytes(StandardCharsets.UTF_8));
        atLineStart = true;
    }
}
