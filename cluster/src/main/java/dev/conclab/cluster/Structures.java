package dev.conclab.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.io.Serializable;

/**
 * What a structure is when it travels inside a task: its kind and name, bound again to the member's
 * own Hazelcast instance when the task is read there ({@link TaskInput}).
 */
record Structures(String kind, String name) implements Serializable {
    Object bind(HazelcastInstance hazelcast) {
        return switch (kind) {
            case "queue" -> new HzQueue<>(hazelcast, name);
            case "map" -> new HzMap<>(hazelcast, name);
            case "list" -> new HzList<>(hazelcast, name);
            case "lock" -> new HzLock(hazelcast, name);
            case "semaphore" -> new HzSemaphore(hazelcast, name, -1);
            case "counter" -> new HzCounter(hazelcast, name);
            default -> throw new IllegalArgumentException("no structure of kind " + kind);
        };
    }
}
