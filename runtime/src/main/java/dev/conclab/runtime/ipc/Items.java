package dev.conclab.runtime.ipc;

import dev.conclab.runtime.ipc.HostedObject.Replies;
import dev.conclab.runtime.ipc.HostedObject.Requester;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The state of one queue in its server: the values waiting, and the takers waiting for a value,
 * one of which is always empty. A {@link ProcessQueue} is one; a {@link ProcessPipe} is two, one
 * per direction. Used only under its {@link HostedObject}'s lock.
 */
final class Items {
    static final byte[] OK = {};

    private final Deque<byte[]> values = new ArrayDeque<>();
    private final Deque<Requester> takers = new ArrayDeque<>();

    /** Adds {@code value} at the end, or hands it to the first waiting taker. */
    byte[] put(byte[] value, Replies replies) {
        if (!takers.isEmpty()) {
            replies.answer(takers.poll(), value);
        } else {
            values.addLast(value);
        }
        return OK;
    }

    /** As {@link #put}, but at the front: a taker was interrupted as the value reached it, or refused it. */
    byte[] putBack(byte[] value, Replies replies) {
        if (!takers.isEmpty()) {
            replies.answer(takers.poll(), value);
        } else {
            values.addFirst(value);
        }
        return OK;
    }

    /** The first value, or null when there is none: {@code requester} is answered by a later put. */
    byte[] take(Requester requester) {
        if (values.isEmpty()) {
            takers.add(requester);
            return null;
        }
        return values.poll();
    }

    int size() {
        return values.size();
    }

    /** Forgets a waiting taker; whether it was waiting here. */
    boolean withdraw(Requester requester) {
        return takers.remove(requester);
    }
}
