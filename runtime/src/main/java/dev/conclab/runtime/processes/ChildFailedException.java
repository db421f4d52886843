package dev.conclab.runtime.processes;

/** The code of a child process threw, or the child ended without a result; the message holds the child's stack trace. */
public final class ChildFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChildFailedException(String message) {
        super(message);
    }
}
