package dev.conclab.kernel.wire;

/** Frames that do not make a valid, well-signed Jupyter message; they are logged and dropped. */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }
}
