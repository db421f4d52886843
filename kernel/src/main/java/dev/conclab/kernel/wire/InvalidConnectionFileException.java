package dev.conclab.kernel.wire;

/** The connection file is missing or does not say what the kernel needs to start. */
public final class InvalidConnectionFileException extends Exception {
    public InvalidConnectionFileException(String message) {
        super(message);
    }
}
