package dev.conclab.runtime.threads;

/** A task of a {@link ThreadPool} map threw: the message names the task and its input, the cause is what it threw. */
public final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
