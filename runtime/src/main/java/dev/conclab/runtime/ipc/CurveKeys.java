package dev.conclab.runtime.ipc;

import java.io.Serializable;
import org.zeromq.ZMQ;

/**
 * A CurveZMQ key pair (32 bytes each), made by JeroMQ from the JDK's {@code SecureRandom}. The
 * secret half travels only inside a shared object's handle, which is how a handle proves that
 * whoever holds it was given it.
 */
record CurveKeys(byte[] publicKey, byte[] secretKey) implements Serializable {

    static CurveKeys generate() {
        ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        return new CurveKeys(ZMQ.Curve.z85Decode(pair.publicKey), ZMQ.Curve.z85Decode(pair.secretKey));
    }

    /** Never the keys: a handle printed in a cell or a log must not give the object away. */
    @Override
    public String toString() {
        return "CurveKeys[...]";
    }
}
