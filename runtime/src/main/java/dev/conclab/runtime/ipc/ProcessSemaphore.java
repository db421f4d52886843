package dev.conclab.runtime.ipc;

import dev.conclab.runtime.threads.Task;
import dev.conclab.runtime.ipc.HostedObject.Requester;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A semaphore that holds across processes, like Python's {@code multiprocessing.Semaphore}: at most
 * {@code permits} holders at a time, among every thread of every process holding a copy.
 */
public final class ProcessSemaphore implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte[] OK = {};

    private final HostedClient client;

    private ProcessSemaphore(HostedClient client) {
        this.client = client;
    }

    /** A new semaphore with {@code permits} permits, served from this JVM. */
    public static ProcessSemaphore create(int permits) {
        int[] free = {permits};
        Deque<Requester> waiting = new ArrayDeque<>();
        Endpoint endpoint = HostedObject.serve("semaphore", (operation, argument, requester, replies) -> {
            switch (operation) {
                case "acquire":
                    if (free[0] > 0) {
                        free[0]--;
                        return OK;
                    }
                    waiting.add(requester);
                    return null;
                case "release":
                    if (waiting.isEmpty()) {
                        free[0]++;
                    } else {
                        replies.answer(waiting.poll(), OK);
                    }
                    return OK;
                default:
                    throw new IllegalArgumentException("unknown semaphore operation " + operation);
            }
        }, waiting::remove);
        return new ProcessSemaphore(new HostedClient(endpoint));
    }

    /**
     * Waits for a permit. An interrupt ends the wait holding no permit: one granted just as the
     * caller was interrupted is released again.
     */
    public void acquire() throws InterruptedException {
        client.call("acquire", new byte[0], "release");
    }

    /** Gives a permit back. */
    public void release() throws InterruptedException {
        client.call("release", new byte[0]);
    }

    /** Runs {@code body} holding a permit, like Python's {@code with semaphore:}. */
    public void withPermit(Task body) throws Exception {
        acquire();
        try {
            body.run();
        } finally {
            release();
        }
    }
}
