package dev.conclab.kernel.execution;

import dev.conclab.kernel.channel.FromExecutor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests sent to one executor JVM that wait for their answer, keyed by request id. An
 * answer completes only the request with its id: matched by order instead, a completion asked
 * while a cell ran once took the cell's place, and the cell's reply never came. When the JVM
 * ends, every waiting request fails, and so does any request registered after that.
 */
final class PendingAnswers {
    private static final System.Logger LOG = System.getLogger("conclab.kernel");

    private final Map<String, CompletableFuture<FromExecutor.Answer>> waiting = new ConcurrentHashMap<>();
    /** Why the executor can answer no more, once it cannot; volatile, read on every register. */
    private volatile RuntimeException ended;

    /**
     * Registers a request about to be sent; its answer completes the returned future. Fails at
     * once when the executor has ended, or when a request with the same id still waits: two
     * requests under one id could not tell their answers apart.
     */
    CompletableFuture<FromExecutor.Answer> register(String requestId) {
        CompletableFuture<FromExecutor.Answer> answer = new CompletableFuture<>();
        if (waiting.putIfAbsent(requestId, answer) != null) {
            throw new IllegalStateException("a request with id " + requestId + " already waits for the executor");
        }
        // Checked after the put: failAll either sees this future or has set ended before it looks.
        RuntimeException cause = ended;
        if (cause != null) {
            waiting.remove(requestId, answer);
            answer.completeExceptionally(cause);
        }
        return answer;
    }

    /** Gives up waiting for {@code requestId}, when its request could not be sent or its caller stopped waiting. */
    void forget(String requestId, CompletableFuture<FromExecutor.Answer> answer) {
        waiting.remove(requestId, answer);
    }

    /** Completes the request the answer names; returns false, and logs, for an answer nobody waits for. */
    boolean complete(FromExecutor.Answer answer) {
        CompletableFuture<FromExecutor.Answer> future = waiting.remove(answer.requestId());
        if (future == null) {
            LOG.log(System.Logger.Level.WARNING, "dropped an executor answer to no waiting request: "
                    + answer.getClass().getSimpleName() + " for " + answer.requestId());
            return false;
        }
        return future.complete(answer);
    }

    /** Fails every waiting request, and every one registered from now on, with {@code cause}. */
    void failAll(RuntimeException cause) {
        ended = cause;
        for (String id : waiting.keySet()) {
            CompletableFuture<FromExecutor.Answer> future = waiting.remove(id);
            if (future != null) {
                future.completeExceptionally(cause);
            }
        }
    }

    /** How many requests wait; for tests. */
    int size() {
        return waiting.size();
    }
}
