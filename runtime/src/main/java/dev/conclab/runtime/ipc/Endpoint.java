package dev.conclab.runtime.ipc;

import java.io.Serializable;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Where a shared object is served and what lets a client in: a Unix domain socket in its server
 * JVM's private directory (mode 0700, so no other OS user can reach it) and a secret made for this
 * object alone, which a client must send first (so another process of the same user, another
 * notebook, cannot use it either). Both travel only inside the object's handles.
 *
 * <p>A class, not a record: JShell's completion offers a package's non-public records too, and
 * this is no API of the notebook's.
 */
final class Endpoint implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String socket;
    private final byte[] secret;

    /**
     * @param socket the server's socket file
     * @param secret {@link Wire#SECRET_BYTES} random bytes
     */
    Endpoint(String socket, byte[] secret) {
        this.socket = socket;
        this.secret = secret;
    }

    String socket() {
        return socket;
    }

    byte[] secret() {
        return secret;
    }

    /** A fresh secret, from the JDK's {@link SecureRandom}. */
    static byte[] newSecret() {
        byte[] secret = new byte[Wire.SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    /** The socket's file name without its suffix, for thread names. */
    String name() {
        String file = Path.of(socket).getFileName().toString();
        return file.endsWith(".sock") ? file.substring(0, file.length() - ".sock".length()) : file;
    }

    /** Never the secret: a handle printed in a cell or a log must not give the object away. */
    @Override
    public String toString() {
        return "Endpoint[" + socket + "]";
    }
}
