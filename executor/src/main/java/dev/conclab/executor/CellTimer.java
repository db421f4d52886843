package dev.conclab.executor;

import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellWork;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.timing.Durations;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Times the code of a cell for {@code %time} and {@code %%time}: wall time, the CPU its own work
 * used (the threads it ran and started, and its child processes, as {@link CellCpu} counts them),
 * how many threads it started, and, apart, what the JVM itself did meanwhile. It prints when the
 * code stops.
 */
final class CellTimer implements CellRunner.RunWatch {
    private final CellWork work;
    private final Cell cell;
    private final CellCpu cpu;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long wallStart;
    private long processCpuStart;
    private int threadsBefore;

    CellTimer(CellWork work, Cell cell) {
        this.work = work;
        this.cell = cell;
        this.cpu = CellCpu.available() ? new CellCpu(work, cell) : null;
    }

    @Override
    public void started() {
        threadsBefore = work.threadsStartedBy(cell);
        if (cpu != null) {
            cpu.start();
        } else {
            processCpuStart = os.getProcessCpuTime();
        }
        wallStart = System.nanoTime();
    }

    @Override
    public void stopped() {
        long wall = System.nanoTime() - wallStart;
        int threads = work.threadsStartedBy(cell) - threadsBefore;
        String report = cpu != null ? report(wall, cpu.stop(), threads) : wholeJvmReport(wall, os.getProcessCpuTime() - processCpuStart, threads);
        NotebookRuntime.out().flush();
        NotebookRuntime.out().println(report);
    }

    static String report(long wallNanos, CellCpu.Use use, int threadsStarted) {
        String children = use.childNanos() > 0 ? ", " + Durations.format(use.childNanos()) + " of it in child processes" : "";
        return "Wall time: " + Durations.format(wallNanos) + ", CPU time: " + Durations.format(use.totalNanos())
                + " (" + cores(use.totalNanos(), wallNanos) + children + "), " + threads(threadsStarted)
                + "; not counted: " + Durations.format(use.jvmNanos()) + " the JVM spent on its own work meanwhile (JIT compiler, garbage collector)";
    }

    /** Where the JVM's threads cannot be told apart (no /proc), the CPU of the whole executor JVM, said so. */
    static String wholeJvmReport(long wallNanos, long cpuNanos, int threadsStarted) {
        return "Wall time: " + Durations.format(wallNanos) + ", CPU time of the whole JVM (JIT and GC included, child processes not): "
                + Durations.format(cpuNanos) + " (" + cores(cpuNanos, wallNanos) + "), " + threads(threadsStarted);
    }

    private static String cores(long cpuNanos, long wallNanos) {
        return wallNanos > 0 ? String.format(Locale.ROOT, "%.1f cores busy on average", cpuNanos / (double) wallNanos) : "too short to say how many cores";
    }

    private static String threads(int started) {
        return started == 0 ? "no threads started" : started == 1 ? "1 thread started" : started + " threads started";
    }
}
