package dev.conclab.executor;

import dev.conclab.executor.agent.StartRefused;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses a notebook's new thread once the executor has as many live threads as it may have.
 * Linux counts threads against one machine-wide limit (pid_max, often 32,768), shared with every
 * process: a loop starting 100,000 sleeping threads would leave the kernel, the terminal and
 * everything else unable to start a thread or a process. Refusing with a clear message costs the
 * notebook one exception instead.
 */
final class ThreadLimit {
    /** Enough for the classic "10,000 platform threads" experiment; virtual threads do not count. */
    private static final int MOST = 10_000;

    private final int limit;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private ThreadLimit(int limit) {
        this.limit = limit;
    }

    /** At most 10,000 live threads, or half the machine's thread and process limits if that is less. */
    static ThreadLimit forThisMachine() {
        long machine = Math.min(readLimit("/proc/sys/kernel/pid_max"), readLimit("/proc/sys/kernel/threads-max"));
        return new ThreadLimit((int) Math.min(MOST, machine / 2));
    }

    void checkRoomForOneMore() {
        int live = threads.getThreadCount();
        if (live >= limit) {
            throw new StartRefused("the notebook has " + live + " live threads, the most it may have at once (" + limit
                    + " on this machine); let some end, or stop them with Cells.stop(n) or Cells.stopAll(), before"
                    + " starting more. Virtual threads have no such limit.");
        }
    }

    private static long readLimit(String file) {
        try {
            // Not Files.readString: it trusts the size /proc reports, and reads "3" of "32768" on some kernels.
            return Long.parseLong(Files.readAllLines(Path.of(file)).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE; // not Linux, or not readable: the fixed limit alone applies
        }
    }
}
