package dev.conclab.kernel.execution;

import dev.conclab.kernel.channel.FromExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The executor's events while the kernel that publishes them is still being built: the executor
 * JVM starts first, before the kernel's sockets, and what it reports meanwhile is kept, in order,
 * for the publisher attached later.
 */
public final class EarlyEvents implements ExecutorEvents {
    private List<Consumer<ExecutorEvents>> held = new ArrayList<>();
    private ExecutorEvents target;

    /** From now on events go to {@code events}; those held so far go first, in order. */
    public synchronized void attach(ExecutorEvents events) {
        held.forEach(event -> event.accept(events));
        held = null;
        target = events;
    }

    @Override
    public void output(FromExecutor event) {
        deliver(events -> events.output(event));
    }

    @Override
    public void rawOutput(String stream, String text) {
        deliver(events -> events.rawOutput(stream, text));
    }

    private synchronized void deliver(Consumer<ExecutorEvents> event) {
        if (target == null) {
            held.add(event);
        } else {
            event.accept(target);
        }
    }
}
