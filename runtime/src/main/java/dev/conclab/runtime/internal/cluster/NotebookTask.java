package dev.conclab.runtime.internal.cluster;

import dev.conclab.runtime.internal.processes.NotebookState;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task with the notebook's top-level variables: JShell keeps them in static fields, which a
 * lambda does not capture, so the member sets them ({@link NotebookState#restore(ClassLoader,
 * NotebookState.Reader)}) before it calls the task, as a child process does.
 */
public record NotebookTask(NotebookState state, Callable<?> task) implements Callable<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object call() throws Exception {
        return task.call();
    }
}
