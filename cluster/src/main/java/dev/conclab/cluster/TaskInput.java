package dev.conclab.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * Reads a task on a member: classes from the notebook's shipped classes, and the structures it
 * captured bound to this member's Hazelcast instance.
 */
final class TaskInput extends ObjectInputStream {
    private final ClassLoader classes;
    private final HazelcastInstance hazelcast;

    TaskInput(byte[] bytes, ClassLoader classes, HazelcastInstance hazelcast) throws IOException {
        super(new ByteArrayInputStream(bytes));
        this.classes = classes;
        this.hazelcast = hazelcast;
        enableResolveObject(true);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
        try {
            return Class.forName(description.getName(), false, classes);
        } catch (ClassNotFoundException e) {
            return super.resolveClass(description);
        }
    }

    @Override
    protected Object resolveObject(Object read) {
        return read instanceof Structures structure ? structure.bind(hazelcast) : read;
    }
}
