package dev.conclab.runtime.internal.cluster;

/** Where the lines a task prints on a member go. */
@FunctionalInterface
public interface TaskOutput {
    void line(String member, boolean stderr, String text);
}
