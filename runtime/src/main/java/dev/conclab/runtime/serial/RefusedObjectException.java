package dev.conclab.runtime.serial;

/**
 * An object read from another process was refused by its stream's {@link SerialFilter}; the
 * message says what was refused and how to allow it. Unchecked, so that it reaches the cell
 * through every call that reads (a queue's take, a map's get, a child's result).
 */
public final class RefusedObjectException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public RefusedObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
