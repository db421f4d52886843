package dev.conclab.runtime.ipc;

import dev.conclab.runtime.threads.Task;
import dev.conclab.runtime.ipc.HostedObject.Requester;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A semaphore that holds across processes, like Python's {@code multiprocessing.Semaphore}: at most
 * {@code permits} holders at a time, among every thread of every process holding a copy.
 *
 * <p>The permits live in shared memory ({@link Permits}): a free permit is taken, and a permit
 * given back, with one atomic instruction in the caller's own process. Only an acquirer that finds
 * none free (after yielding for 50 µs, {@link Spin}, as a lock spins before it parks) asks the JVM that
 * created the semaphore to wake it when one is given back; a releaser tells that JVM only when
 * someone sleeps there.
 */
public final class ProcessSemaphore implements Serializable {
    private static final long serialVersionUID = 2L;
    private static final byte[] OK = {};

    private final HostedClient client;
    private final Permits permits;

    private ProcessSemaphore(HostedClient client, Permits permits) {
        this.client = client;
        this.permits = permits;
    }

    /** A new semaphore with {@code permits} permits, served from this JVM. */
    public static ProcessSemaphore create(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("a semaphore cannot start with " + permits + " permits; give 0 or more");
        }
        Permits shared = Permits.create(permits);
        // Those that sleep here until a permit is given back; the lock of the server guards it.
        Deque<Requester> sleeping = new ArrayDeque<>();
        Endpoint endpoint = HostedObject.serve("semaphore", (operation, argument, requester, replies) -> {
            switch (operation) {
                case "acquire":
                    // Counted as a sleeper before the last try: a releaser who gives a permit after this try sees it and wakes us.
                    shared.addSleepers(1);
                    if (shared.tryTake()) {
                        shared.addSleepers(-1);
                        return OK;
                    }
                    sleeping.add(requester);
                    return null;
                case "release":
                    // The give-back of a permit granted just as its acquirer was interrupted.
                    shared.give();
                    wake(shared, sleeping, replies);
                    return OK;
                case "wake":
                    wake(shared, sleeping, replies);
                    return OK;
                default:
                    throw new IllegalArgumentException("unknown semaphore operation " + operation);
            }
        }, requester -> {
            boolean wasSleeping = sleeping.remove(requester);
            if (wasSleeping) {
                shared.addSleepers(-1);
            }
            return wasSleeping;
        });
        return new ProcessSemaphore(new HostedClient(endpoint), shared);
    }

    /** Hands the free permits to sleepers, first come first served. */
    private static void wake(Permits shared, Deque<Requester> sleeping, HostedObject.Replies replies) {
        while (!sleeping.isEmpty() && shared.tryTake()) {
            shared.addSleepers(-1);
            replies.answer(sleeping.poll(), OK);
        }
    }

    /**
     * Waits for a permit. An interrupt ends the wait holding no permit: one granted just as the
     * caller was interrupted is released again.
     */
    public void acquire() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before acquiring a semaphore");
        }
        if (Spin.until(permits::tryTake, Spin.PERMIT_NANOS)) {
            return;
        }
        client.call("acquire", new byte[0], "release");
    }

    /** Gives a permit back. */
    public void release() throws InterruptedException {
        permits.give();
        // Read after the give: a sleeper counted before it is woken; one counted after it sees the permit itself.
        if (permits.sleepers() > 0) {
            client.post("wake", new byte[0]);
        }
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
