package dev.conclab.runtime.ipc;

import java.io.Serializable;

/**
 * A two-way connection between two processes, like Python's {@code multiprocessing.Pipe()}: what
 * one end sends, the other end receives, in order.
 */
public final class ProcessPipe implements Serializable {
    private static final long serialVersionUID = 1L;

    private final End left;
    private final End right;

    private ProcessPipe(End left, End right) {
        this.left = left;
        this.right = right;
    }

    /** A new pipe; give {@link #left()} to one process and {@link #right()} to the other. */
    public static ProcessPipe create() {
        ProcessQueue<Object> leftToRight = ProcessQueue.create();
        ProcessQueue<Object> rightToLeft = ProcessQueue.create();
        return new ProcessPipe(new End(rightToLeft, leftToRight), new End(leftToRight, rightToLeft));
    }

    public End left() {
        return left;
    }

    public End right() {
        return right;
    }

    /** One end of a pipe. */
    public static final class End implements Serializable {
        private static final long serialVersionUID = 1L;
        private final ProcessQueue<Object> incoming;
        private final ProcessQueue<Object> outgoing;

        End(ProcessQueue<Object> incoming, ProcessQueue<Object> outgoing) {
            this.incoming = incoming;
            this.outgoing = outgoing;
        }

        /** Sends {@code value} to the other end. */
        public void send(Object value) throws InterruptedException {
            outgoing.put(value);
        }

        /** Waits for the next value the other end sent. */
        public Object receive() throws InterruptedException {
            return incoming.take();
        }
    }
}
