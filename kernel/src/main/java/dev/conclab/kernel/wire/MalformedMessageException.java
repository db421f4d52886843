package dev.conclab.kernel.wire;

/**
 * Frames that do not make a valid, well-signed, first-seen Jupyter message; they are logged with
 * their msg_id (as the sender wrote it, cleaned for the log) and dropped, never executed.
 */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String msgId, String reason) {
        super("message " + msgId + ": " + reason);
    }
}
