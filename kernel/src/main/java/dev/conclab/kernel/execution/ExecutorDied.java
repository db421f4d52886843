package dev.conclab.kernel.execution;

/** The executor JVM ended while a request was waiting for it; the message says why, for the cell. */
public final class ExecutorDied extends Exception {
    public ExecutorDied(String message) {
        super(message);
    }
}
