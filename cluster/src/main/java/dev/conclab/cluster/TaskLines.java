package dev.conclab.cluster;

import dev.conclab.runtime.internal.cluster.TaskOutput;

/**
 * The lines of one running task, counted so that its result can wait for the last, and say how
 * many never came: they come by the output topic, apart from the result.
 */
final class TaskLines {
    private final TaskOutput output;
    private int received;

    TaskLines(TaskOutput output) {
        this.output = output;
    }

    void print(String member, boolean stderr, String text) {
        output.line(member, stderr, text);
        synchronized (this) {
            received++;
            notifyAll();
        }
    }

    /**
     * Waits up to {@code millis} until {@code sent} lines have come; if some have not, says so on
     * the task's stderr, labelled with {@code member}, rather than leave the output silently short.
     * Returns how many did not come.
     */
    int awaitOrReport(String member, int sent, long millis) {
        int missing = await(sent, millis);
        if (missing > 0) {
            output.line(member, true, missing + " of the " + sent + " lines this task printed did not arrive within "
                    + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms") + ": the member left, or the cluster's"
                    + " tasks printed faster than this client could read; print less, or return what you need");
        }
        return missing;
    }

    /** How many of {@code sent} lines have still not come after {@code millis}. */
    synchronized int await(int sent, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        long left;
        while (received < sent && (left = deadline - System.nanoTime()) > 0) {
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Math.max(0, sent - received);
    }
}
