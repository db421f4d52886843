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

        /**
         * Sends {@code value} to the other end: like Python's {@code Connection.send}, it returns
         * once the value is on its way (written to the socket, or queued in the serving JVM), without
         * waiting for the other end's process to have it; values arrive in the order sent.
         */
        public void send(Object value) throws InterruptedException {
            // No answer to wait for: a put cannot fail in the server, and waiting cost two wake-ups per send.
            outgoing.putWithoutWaiting(value);
        }

        /** Waits for the next value the other end sent. */
        public Object receive() throws InterruptedException {
            return incoming.take();
        }
    }
}
