package dev.conclab.kernel.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies messages with HMAC-SHA256 over their raw frames, as the connection file's key
 * demands. With an empty key, messages are neither signed nor checked (the protocol's rule).
 */
public final class Signer {
    private static final HexFormat HEX = HexFormat.of();
    private final SecretKeySpec key;

    public Signer(String key) {
        this.key = key.isEmpty() ? null : new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** Whether messages carry and need a signature. */
    public boolean enabled() {
        return key != null;
    }

    /** The hex signature of the four signed frames, or "" when signing is off. */
    public String sign(List<byte[]> signedFrames) {
        return key == null ? "" : HEX.formatHex(mac(signedFrames));
    }

    /** Checks a received signature in constant time; any signature passes when signing is off. */
    public boolean verify(byte[] signature, List<byte[]> signedFrames) {
        if (key == null) {
            return true;
        }
        byte[] expected = HEX.formatHex(mac(signedFrames)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }

    private byte[] mac(List<byte[]> frames) {
        try {
            // A Mac is cheap to make and not thread-safe; sockets sign from their own threads.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (byte[] frame : frames) {
                mac.update(frame);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
