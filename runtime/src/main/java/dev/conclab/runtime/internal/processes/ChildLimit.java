package dev.conclab.runtime.internal.processes;

/**
 * Keeps a loop that starts child processes from filling the machine: a notebook may have at most
 * {@value #MAX_LIVE} live children at once (child JVMs, pool workers and OS commands alike).
 */
public final class ChildLimit {
    /** 64 child JVMs take some 4 GB; far more than any experiment on a laptop needs. */
    public static final int MAX_LIVE = 64;

    private ChildLimit() {}

    /** Throws, saying what to do, when starting one more child would pass the limit. */
    public static void checkRoomForOneMore() {
        long live = ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
        if (live >= MAX_LIVE) {
            throw new IllegalStateException(live + " child processes of this notebook are running, the most it may have"
                    + " at once; join them, or stop them with Cells.stop(n) or Cells.stopAll(), before starting more");
        }
    }
}
