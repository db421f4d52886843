package dev.conclab.runtime.ipc;

import java.io.Serializable;

/**
 * Where a shared object is served and what lets a client in: the server's public key (to check
 * that it talks to the real server) and the client key pair the server admits. Each object has
 * keys of its own, so holding the handle of one object opens no other.
 *
 * @param address the server's ZeroMQ address, {@code tcp://127.0.0.1:port}
 * @param serverKey the server's CURVE public key
 * @param client the key pair the server's {@link Gatekeeper} admits for this object
 */
record Endpoint(String address, byte[] serverKey, CurveKeys client) implements Serializable {

    /** The port, for thread names. */
    String port() {
        return address.substring(address.lastIndexOf(':') + 1);
    }

    @Override
    public String toString() {
        return "Endpoint[" + address + "]";
    }
}
