package dev.conclab.executor.agent;

/**
 * Thrown from {@code Thread.start} when the executor refuses a new thread; the one failure of a
 * hook that reaches the notebook's code, carrying what the person should do.
 */
public final class StartRefused extends IllegalStateException {
    public StartRefused(String message) {
        super(message);
    }
}
