package dev.conclab.runtime.processes;

import dev.conclab.runtime.threads.TaskFailedException;

/**
 * The code of a child process or a pool's task threw in another JVM, or the child ended without a
 * result. The message names the child or the task; the cause is the exception the child threw,
 * with the child's stack trace, when it could be brought back (its class Serializable and allowed
 * across processes); otherwise the message holds the child's stack trace as text.
 */
public final class ChildFailedException extends TaskFailedException {
    private static final long serialVersionUID = 1L;

    /** What happened in the child, without the name of the task: a map puts its own name in front. */
    private final String inChild;

    public ChildFailedException(String message) {
        this(message, "", null);
    }

    /** A failure of the child or pool task {@code name}; {@code inChild} tells what it threw there. */
    public ChildFailedException(String name, String inChild, Throwable cause) {
        super(name + inChild, cause);
        this.inChild = inChild;
    }

    /** For a map: the same failure, named as the map names its task. */
    ChildFailedException renamed(String name) {
        return new ChildFailedException(name, inChild, getCause());
    }
}
