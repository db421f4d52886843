package dev.conclab.kernel.debug;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The numbers DAP gives frames, scopes and expandable values; valid until the session ends. */
final class Handles {
    private final AtomicInteger next = new AtomicInteger(1);
    private final Map<Integer, Object> byId = new ConcurrentHashMap<>();

    int add(Object target) {
        int id = next.getAndIncrement();
        byId.put(id, target);
        return id;
    }

    <T> T get(int id, Class<T> type) {
        Object target = byId.get(id);
        if (!type.isInstance(target)) {
            throw new IllegalArgumentException("no " + type.getSimpleName() + " has the reference " + id
                    + " (references end when the thread goes on)");
        }
        return type.cast(target);
    }

    void clear() {
        byId.clear();
    }
}
