package dev.conclab.runtime.ipc;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This JVM's calls to one shared object's server, each matched to its answer by id: any thread
 * calls, and waits for its own answer. How a request gets there is the subclass's: a socket to
 * another JVM ({@link Connection}), or a direct call when this JVM serves the object ({@link
 * LocalLink}).
 */
abstract class Link {

    /** A request's caller: the future it waits on; {@code giveBack} may be null. */
    private record Call(long id, String giveBack, CompletableFuture<byte[]> answer) {}

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Call> waiting = new ConcurrentHashMap<>();
    /** Calls whose callers were interrupted and whose cancel the server has not answered yet. */
    private final Map<Long, Call> abandoned = new ConcurrentHashMap<>();

    /** Hands a request to the server; never waits for it. */
    abstract void send(Wire.Request request);

    /** Whether calls fail now, and a new link is needed. */
    abstract boolean isClosed();

    /**
     * Waits until {@code answer} is complete (by {@link #received} or {@link #ended}), on the
     * calling thread; a subclass that reads replies itself overrides it.
     *
     * @throws InterruptedException when the calling thread is interrupted first
     */
    void await(CompletableFuture<byte[]> answer) throws InterruptedException {
        try {
            answer.get();
        } catch (ExecutionException failed) {
            // Complete: the caller reads the failure from the future.
        }
    }

    /** A caller gave up and its request was withdrawn: its answer or cancellation is still to come. */
    void withdrawn() {}

    /** Whether a withdrawn request's answer or cancellation has not arrived yet. */
    final boolean awaitsWithdrawn() {
        return !abandoned.isEmpty();
    }

    /**
     * Sends a request and waits for its answer. An interrupt ends the wait: the request is
     * withdrawn from the server if it still waits there, or, if the server answered it already,
     * {@code giveBack} is sent with that answer (a taken item goes back into its queue, an acquired
     * permit is released); with no {@code giveBack} the operation stays done.
     *
     * @throws InterruptedException when the calling thread is interrupted before the answer arrives
     */
    final byte[] call(String operation, byte[] argument, String giveBack) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before calling a shared object");
        }
        Call call = new Call(ids.incrementAndGet(), giveBack, new CompletableFuture<>());
        waiting.put(call.id(), call);
        send(new Wire.Request(call.id(), operation, argument));
        if (isClosed()) {
            // It may have ended before it saw this request: nobody else will answer it.
            failIfWaiting(call, "the connection to the shared object has ended");
        }
        try {
            await(call.answer());
            return call.answer().get();
        } catch (InterruptedException e) {
            abandon(call);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refused refused) {
                throw new IllegalStateException(refused.getMessage(), refused);
            }
            throw new IllegalStateException("a shared object did not answer: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Sends a request whose answer nobody waits for: the server applies it and sends no reply
     * ({@link Wire#NO_REPLY}). Only for what the server never puts aside and that cannot fail,
     * such as waking a semaphore's sleepers.
     */
    final void post(String operation, byte[] argument) throws InterruptedException {
        send(new Wire.Request(Wire.NO_REPLY, operation, argument));
        sent();
    }

    /**
     * Waits until what was sent has left this JVM (no frame is still queued in it), so that a
     * posted request is not lost if the JVM exits next; returns at once for a direct call.
     */
    void sent() throws InterruptedException {}

    /** The server's reply to one of this link's requests, on whichever thread brought it. */
    final void received(Wire.Reply reply) {
        Call call = waiting.remove(reply.id());
        if (call != null && reply.failed()) {
            call.answer().completeExceptionally(new Refused(new String(reply.body(), StandardCharsets.UTF_8)));
        } else if (call != null) {
            call.answer().complete(reply.body());
        } else {
            Call gone = abandoned.remove(reply.id());
            if (gone != null && !reply.cancelled() && !reply.failed()) {
                // The server answered before it saw the cancel.
                giveBack(gone, reply.body());
            }
            // Else the answer to a give-back, which nobody waits for.
        }
    }

    /** The server can answer no more: every waiting call fails with {@code why}. */
    final void ended(String why) {
        waiting.values().forEach(call -> failIfWaiting(call, why));
    }

    private void failIfWaiting(Call call, String why) {
        if (waiting.remove(call.id(), call)) {
            call.answer().completeExceptionally(new IllegalStateException(why));
        }
    }

    private void abandon(Call call) {
        // Listed as abandoned first, so that an answer arriving now finds it in one map or the other.
        abandoned.put(call.id(), call);
        if (waiting.remove(call.id()) != null) {
            send(new Wire.Request(call.id(), Wire.CANCEL, new byte[0]));
            withdrawn();
            return;
        }
        abandoned.remove(call.id());
        // Answered just as its caller was interrupted (the answer is completing the future now).
        try {
            giveBack(call, call.answer().join());
        } catch (RuntimeException failed) {
            // A failed call took nothing.
        }
    }

    private void giveBack(Call call, byte[] answer) {
        if (call.giveBack() != null) {
            send(new Wire.Request(ids.incrementAndGet(), call.giveBack(), answer));
        }
    }

    /** The server answered that it could not apply a request; the message says why. */
    private static final class Refused extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
