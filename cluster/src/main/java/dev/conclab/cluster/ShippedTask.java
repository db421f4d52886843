package dev.conclab.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.conclab.runtime.internal.cluster.NotebookTask;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A notebook task on its way to a member: the task's bytes, the digest of the notebook classes it
 * needs ({@link ShippedClasses}) and an id its output lines carry back.
 */
final class ShippedTask implements Callable<TaskResult>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private final byte[] task;
    private final String classes;
    private final String id;
    private transient HazelcastInstance member;

    ShippedTask(byte[] task, String classes, String id) {
        this.task = task;
        this.classes = classes;
        this.id = id;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = hazelcastInstance;
    }

    @Override
    public TaskResult call() {
        long start = System.nanoTime();
        MemberOutput output = (MemberOutput) member.getUserContext().get(MemberOutput.KEY);
        MemberOutput.Task running = new MemberOutput.Task(id);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        if (output != null) {
            output.begin(running);
        }
        Object value = null;
        Throwable failure = null;
        try {
            ClassLoader loader = ShippedClasses.loader(member, classes);
            // Hazelcast reads the values the task takes from queues and maps with this loader.
            thread.setContextClassLoader(loader);
            Callable<?> callable;
            try (TaskInput in = new TaskInput(task, loader, member)) {
                callable = (Callable<?>) in.readObject();
            }
            if (callable instanceof NotebookTask withState) {
                withState.state().restore(loader, (name, bytes) -> {
                    try (TaskInput in = new TaskInput(bytes, loader, member)) {
                        return in.readObject();
                    }
                });
            }
            value = callable.call();
            if (value != null && !(value instanceof Serializable)) {
                throw new NotSerializableException("the task returned a " + value.getClass().getName()
                        + ", which is not Serializable, so it cannot travel back; return numbers, strings or records of them");
            }
        } catch (Exception | Error e) {
            value = null;
            failure = e;
        } finally {
            if (output != null) {
                output.end(); // the last unended line is sent before the count
            }
            thread.setContextClassLoader(before);
        }
        return new TaskResult(value, failure, running.lines().get(), System.nanoTime() - start);
    }
}
