package dev.conclab.runtime.threads;

/**
 * A pool's task threw: the message names the task (and for a {@code map}, its input), the cause is
 * what it threw. Both pools fail this way; a process pool's failures are the subclass
 * {@code ChildFailedException}, whose cause was thrown in another JVM.
 */
public class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
