package dev.conclab.runtime.diagnostics;

import dev.conclab.runtime.internal.cells.NotebookThreads;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the notebook's threads are doing: each one's state, the lock it waits for and which
 * thread holds it, its innermost frames, and every deadlock cycle, named. Read from the JDK's
 * {@link ThreadMXBean}. {@code ThreadReport.now()} in a cell prints it; an interrupted cell shows
 * it before its threads are stopped.
 */
public final class ThreadReport {
    private static final int FRAMES_SHOWN = 3;
    private static final int MOST_FRAMES_SHOWN = 12;

    private final String text;
    private final List<String> monitorWaits;

    private ThreadReport(String text, List<String> monitorWaits) {
        this.text = text;
        this.monitorWaits = List.copyOf(monitorWaits);
    }

    /** The report of the threads alive now. */
    public static ThreadReport now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ThreadInfo[] infos = threads.dumpAllThreads(threads.isObjectMonitorUsageSupported(), threads.isSynchronizerUsageSupported());
        Map<Long, ThreadInfo> byId = new HashMap<>();
        for (ThreadInfo info : infos) {
            byId.put(info.getThreadId(), info);
        }
        Map<Long, Thread> live = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            live.put(thread.getId(), thread);
        }
        StringBuilder out = new StringBuilder();
        List<ThreadInfo> shown = new ArrayList<>();
        for (ThreadInfo info : infos) {
            if (NotebookThreads.isNotebooks(live.get(info.getThreadId())) && info.getThreadId() != Thread.currentThread().getId()) {
                shown.add(info);
            }
        }
        out.append("Threads (").append(shown.size()).append("):\n");
        List<String> monitorWaits = new ArrayList<>();
        for (ThreadInfo info : shown) {
            describe(info, out);
            if (info.getThreadState() == Thread.State.BLOCKED) {
                monitorWaits.add("thread \"" + info.getThreadName() + "\" waited to enter a synchronized block on " + readable(info.getLockInfo())
                        + (info.getLockOwnerName() == null ? "" : " held by \"" + info.getLockOwnerName() + "\""));
            }
        }
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked != null) {
            out.append(deadlockCycles(deadlocked, byId));
        }
        return new ThreadReport(out.toString(), monitorWaits);
    }

    /** Prints the report of the threads alive now to {@code System.out}. */
    public static void print() {
        System.out.print(now());
    }

    /** Whether the report names a deadlock. */
    public boolean hasDeadlock() {
        return text.contains("Deadlock:");
    }

    /**
     * One line for each thread that waits to enter a synchronized block: no interrupt ends such a
     * wait, so these are the threads an interrupt cannot stop.
     */
    public List<String> monitorWaits() {
        return monitorWaits;
    }

    @Override
    public String toString() {
        return text;
    }

    private static void describe(ThreadInfo info, StringBuilder out) {
        out.append("  \"").append(info.getThreadName()).append("\" ").append(info.getThreadState());
        LockInfo lock = info.getLockInfo();
        if (lock != null) {
            out.append(" waiting for ").append(readable(lock));
            if (info.getLockOwnerName() != null) {
                out.append(" held by \"").append(info.getLockOwnerName()).append('"');
            }
        }
        out.append('\n');
        // The innermost frames, and on down to the first frame of notebook code.
        StackTraceElement[] frames = info.getStackTrace();
        for (int i = 0; i < Math.min(MOST_FRAMES_SHOWN, frames.length); i++) {
            boolean notebookCode = frames[i].getClassName().startsWith("REPL.");
            if (i < FRAMES_SHOWN || notebookCode) {
                out.append("      at ").append(frame(frames[i])).append('\n');
            }
            if (notebookCode) {
                break;
            }
        }
        for (MonitorInfo held : info.getLockedMonitors()) {
            out.append("      holds ").append(readable(held)).append('\n');
        }
        for (LockInfo held : info.getLockedSynchronizers()) {
            out.append("      holds ").append(readable(held)).append('\n');
        }
    }

    private static String deadlockCycles(long[] deadlocked, Map<Long, ThreadInfo> byId) {
        StringBuilder out = new StringBuilder();
        Set<Long> reported = new java.util.HashSet<>();
        for (long start : deadlocked) {
            if (reported.contains(start)) {
                continue;
            }
            List<String> cycle = new ArrayList<>();
            long current = start;
            while (reported.add(current)) {
                ThreadInfo info = byId.get(current);
                if (info == null) {
                    break;
                }
                cycle.add("\"" + info.getThreadName() + "\" waits for " + readable(info.getLockInfo())
                        + " held by \"" + info.getLockOwnerName() + "\"");
                current = info.getLockOwnerId();
            }
            out.append("Deadlock: ").append(String.join(", ", cycle)).append('\n');
        }
        return out.toString();
    }

    private static String readable(LockInfo lock) {
        return lock == null ? "nothing" : simpleName(lock.getClassName()) + "@" + Integer.toHexString(lock.getIdentityHashCode());
    }

    private static String simpleName(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.lastIndexOf('$');
        return nested >= 0 && nested < simple.length() - 1 ? simple.substring(nested + 1) : simple;
    }

    /** A frame as a person reads it: JShell's wrapper classes are the notebook's code. */
    private static String frame(StackTraceElement frame) {
        if (frame.getClassName().startsWith("REPL.")) {
            String method = frame.getMethodName();
            return (method.equals("do_it$") ? "<cell>" : method.startsWith("lambda$") ? "<lambda>" : method) + " (notebook code)";
        }
        return frame.toString();
    }
}
