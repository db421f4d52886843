package dev.conclab.runtime.lifecycle;

import java.util.List;

/**
 * What {@link Cells#stop} did: the threads and processes it ended, and those still running
 * (a thread that ignores interrupts, on a JDK that can no longer force threads to stop).
 */
public record StopReport(String scope, List<String> stopped, List<String> stillRunning) {
    public StopReport {
        stopped = List.copyOf(stopped);
        stillRunning = List.copyOf(stillRunning);
    }

    /** Whether nothing that was started is left running. */
    public boolean allStopped() {
        return stillRunning.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append(stopped.isEmpty() ? "Nothing of " + scope + " was running."
                : "Stopped " + String.join(", ", stopped) + " (" + scope + ").");
        if (!stillRunning.isEmpty()) {
            text.append("\nStill running, ignoring interrupts: ").append(String.join(", ", stillRunning))
                    .append(". Restart the kernel to end them.");
        }
        return text.toString();
    }
}
