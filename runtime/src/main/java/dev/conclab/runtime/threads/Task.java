package dev.conclab.runtime.threads;

/** Code for a thread or a timed block that may throw checked exceptions, such as {@code Thread.sleep}. */
@FunctionalInterface
public interface Task {
    void run() throws Exception;
}
