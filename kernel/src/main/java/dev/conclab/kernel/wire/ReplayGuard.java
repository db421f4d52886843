package dev.conclab.kernel.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Refuses a signed message seen before: someone who captured a message can resend it with its
 * valid signature, and a signature is never made twice for different messages. Remembers the
 * most recent 65,536 signatures, as jupyter_client's Session does, so memory stays bounded.
 */
public final class ReplayGuard {
    private static final int REMEMBERED = 1 << 16;

    private final Set<String> seen = new HashSet<>();
    private final ArrayDeque<String> oldestFirst = new ArrayDeque<>();

    /** Whether this signature is new; records it. Shell, control and stdin threads all ask. */
    public synchronized boolean firstSeen(byte[] signature) {
        String key = new String(signature, StandardCharsets.US_ASCII);
        if (!seen.add(key)) {
            return false;
        }
        oldestFirst.addLast(key);
        if (oldestFirst.size() > REMEMBERED) {
            seen.remove(oldestFirst.removeFirst());
        }
        return true;
    }
}
