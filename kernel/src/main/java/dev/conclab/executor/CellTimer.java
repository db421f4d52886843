package dev.conclab.executor;

import dev.conclab.runtime.lifecycle.CellWork;
import dev.conclab.runtime.output.Cell;
import dev.conclab.runtime.timing.Durations;
import java.lang.management.ManagementFactory;

/**
 * Times the code of a cell for {@code %time} and {@code %%time}: wall time, the CPU time of the
 * whole executor JVM (every thread the code used, and the JIT and garbage collector working for
 * it), and how many threads the code started. It prints when the code stops.
 */
final class CellTimer implements CellRunner.RunWatch {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final CellWork work;
    private final Cell cell;
    private long wallStart;
    private long cpuStart;
    private int threadsBefore;

    CellTimer(CellWork work, Cell cell) {
        this.work = work;
        this.cell = cell;
    }

    @Override
    public void started() {
        threadsBefore = work.threadsStartedBy(cell);
        cpuStart = os.getProcessCpuTime();
        wallStart = System.nanoTime();
    }

    @Override
    public void stopped() {
        long wall = System.nanoTime() - wallStart;
        long cpu = os.getProcessCpuTime() - cpuStart;
        int threads = work.threadsStartedBy(cell) - threadsBefore;
        System.out.flush();
        System.out.println(report(wall, cpu, threads));
    }

    static String report(long wallNanos, long cpuNanos, int threadsStarted) {
        String busy = wallNanos > 0 && cpuNanos >= 0
                ? String.format(java.util.Locale.ROOT, " (%.1f cores busy on average)", cpuNanos / (double) wallNanos) : "";
        String threads = threadsStarted == 0 ? "no threads started"
                : threadsStarted == 1 ? "1 thread started" : threadsStarted + " threads started";
        return "Wall time: " + Durations.format(wallNanos) + ", CPU time: " + Durations.format(cpuNanos) + busy + ", " + threads;
    }
}
