package dev.conclab.executor;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives the heap's free pages back to the system once the notebook has been idle for
 * {@value #IDLE_SECONDS} s after a cell: one full collection that leaves 10 % free instead of up
 * to 70 %, then the JVM's usual sizing again.
 *
 * <p>The serial collector keeps every page it ever committed and touched: after javac's start
 * (and the garbage of JShell's class index, {@link ClassNameIndexTrim}) the old generation holds
 * pages that nothing lives in. Shrinking only while idle keeps the collections of a running cell
 * as they were; it runs on the cell thread, so no cell runs beside it, and a request that arrives
 * first cancels it. Threads a cell left running pause for the collection (tens of ms), once per
 * idle spell. The JVM is started with {@code -XX:-ShrinkHeapInSteps}, without which a collection
 * shrinks the heap by 0 % the first time it could.
 */
final class IdleHeapShrink {
    static final int IDLE_SECONDS = 3;
    private static final String MIN_FREE = "MinHeapFreeRatio";
    private static final String MAX_FREE = "MaxHeapFreeRatio";

    private final Executor cellThread;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "conclab-idle-shrink");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong requests = new AtomicLong();

    IdleHeapShrink(Executor cellThread) {
        this.cellThread = cellThread;
    }

    /** On the receiving thread, before the request is queued: cancels a shrink not yet run. */
    void requestArrived() {
        requests.incrementAndGet();
    }

    /** When the cell thread finished a request or the warm-up: shrinks if nothing comes next. */
    void settled() {
        long seen = requests.get();
        timer.schedule(() -> {
            if (requests.get() == seen) {
                cellThread.execute(() -> {
                    if (requests.get() == seen) {
                        shrink();
                    }
                });
            }
        }, IDLE_SECONDS, TimeUnit.SECONDS);
    }

    private static void shrink() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min;
        String max;
        try {
            min = vm.getVMOption(MIN_FREE).getValue();
            max = vm.getVMOption(MAX_FREE).getValue();
            // The minimum may not exceed the maximum at any moment: lower it first, raise it last.
            vm.setVMOption(MIN_FREE, "0");
            vm.setVMOption(MAX_FREE, "10");
        } catch (IllegalArgumentException | SecurityException e) {
            // Another collector or JVM without these options: the heap keeps its size.
            return;
        }
        try {
            System.gc();
        } finally {
            vm.setVMOption(MAX_FREE, max);
            vm.setVMOption(MIN_FREE, min);
        }
    }
}
