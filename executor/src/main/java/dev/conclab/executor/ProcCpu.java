package dev.conclab.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the CPU counters Linux keeps in /proc for this JVM, its threads and its child processes.
 *
 * <p>Precision differs: a thread's {@code schedstat} is the scheduler's own count in nanoseconds,
 * while a process's {@code stat} counts clock ticks (10 ms), and so do the figures for child processes.
 */
final class ProcCpu {
    /** USER_HZ, the unit of /proc's process times: 100 on every Linux the JDK runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Path SELF = Path.of("/proc/self");

    /** A process's CPU: its own (threads that ended included), and that of its children it has reaped. */
    record ProcessTimes(long ownNanos, long reapedChildrenNanos) {}

    /** Whether this system has the counters (Linux with /proc). */
    static boolean available() {
        return Files.isReadable(SELF.resolve("stat")) && Files.isDirectory(SELF.resolve("task"));
    }

    /** This JVM's CPU, whole: in ticks, because only the per-thread counters are finer. */
    static ProcessTimes self() {
        String[] fields = statFields(SELF.resolve("stat"));
        if (fields == null) {
            return new ProcessTimes(0, 0);
        }
        return new ProcessTimes(ticks(fields, 11) + ticks(fields, 12), ticks(fields, 13) + ticks(fields, 14));
    }

    /** A thread as the OS sees it: its name (at most 15 characters of a Java thread's) and its CPU in nanoseconds. */
    record Task(String name, long nanos) {}

    /** Each live thread of this JVM, Java's and the JVM's own (JIT, GC), by thread id. */
    static Map<Integer, Task> threads() {
        Map<Integer, Task> cpu = new HashMap<>();
        try (Stream<Path> tasks = Files.list(SELF.resolve("task"))) {
            tasks.forEach(task -> {
                try {
                    String schedstat = Files.readString(task.resolve("schedstat"));
                    String name = Files.readString(task.resolve("comm")).strip();
                    cpu.put(Integer.parseInt(task.getFileName().toString()),
                            new Task(name, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')))));
                } catch (IOException | RuntimeException e) {
                    // The thread ended while we listed it: its time is in the process's total.
                }
            });
        } catch (IOException e) {
            // No thread list: every thread counts as ended, which the caller's totals absorb.
        }
        return cpu;
    }

    /**
     * The CPU of each live process below this JVM (user and system, not counting their reaped
     * children), in nanoseconds, keyed by pid and start time so that a reused pid is another process.
     */
    static Map<String, Long> descendants() {
        Map<String, Long> cpu = new HashMap<>();
        ProcessHandle.current().descendants().forEach(process -> {
            String[] fields = statFields(Path.of("/proc", Long.toString(process.pid()), "stat"));
            if (fields != null) {
                cpu.put(process.pid() + "@" + fields[19], ticks(fields, 11) + ticks(fields, 12));
            }
        });
        return cpu;
    }

    /** The fields of a stat file after the command name, which may hold spaces; field 3 (state) is index 0. */
    private static String[] statFields(Path stat) {
        try {
            String text = Files.readString(stat);
            return text.substring(text.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long ticks(String[] fields, int index) {
        return Long.parseLong(fields[index]) * NANOS_PER_TICK;
    }
}
