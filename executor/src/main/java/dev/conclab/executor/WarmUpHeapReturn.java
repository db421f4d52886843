package dev.conclab.executor;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Gives the system back the heap that the warm-up's scratch JShell filled, once, when the warm-up
 * has closed it. That JShell (javac's symbols for the default imports, and the trees of ~360
 * snippets) lives through the warm-up, so SerialGC promotes it, and the old generation grows to
 * hold it instead of collecting: 78 MB committed with 27 MB live after 250 cells, every page
 * resident, and no full collection ever comes to shrink it. One full collection, with the free
 * ratios lowered for it alone (and {@code -XX:-ShrinkHeapInSteps}, without which the first shrink
 * is 0 %), gives back every page above what is live; a second one restores the usual headroom
 * (docs/benchmarks.md).
 *
 * <p>The price is two pauses of the whole executor, once per executor: 50-190 ms each measured for
 * 23-27 MB live on this 2-core machine under load. It comes in the warm-up's turn (WarmUpTurns): a cell that
 * arrives waits for it as for a warm-up step; only threads an earlier cell left running feel it.
 * When cells already hold much of the heap the collection would take longer and give back
 * relatively little, so it is left out.
 */
final class WarmUpHeapReturn {
    /** Above this much heap in use, the pause grows with it and the scratch JShell's share is small: no collection. */
    static final long MAX_USED_BYTES = 128L << 20;
    /** Free share the heap keeps after the collection; the JVM's default lets 70 % stay. */
    private static final String MAX_FREE_PERCENT = "15";
    private static final String MIN_FREE_PERCENT = "5";

    private WarmUpHeapReturn() {}

    /** Collects the heap and shrinks it to what is live plus {@value #MAX_FREE_PERCENT} %, unless more than {@link #MAX_USED_BYTES} are in use. */
    static void run() {
        if (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() > MAX_USED_BYTES) {
            return;
        }
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            // The JVM keeps min <= max at every step: lower min first, raise max first on the way back.
            vm.setVMOption("MinHeapFreeRatio", MIN_FREE_PERCENT);
            vm.setVMOption("MaxHeapFreeRatio", MAX_FREE_PERCENT);
            System.gc();
        } catch (IllegalArgumentException e) {
            // Ratios the JVM refuses (set by the executor's options) are kept: the heap keeps its pages.
            return;
        } finally {
            vm.setVMOption("MaxHeapFreeRatio", max);
            vm.setVMOption("MinHeapFreeRatio", min);
        }
        // Left with 15 % free, the old generation would have to grow within a few dozen cells, and
        // SerialGC follows every growth with a full collection, which a cell would meet (measured:
        // 79 ms, 25 s later). A second one now, with the JVM's own ratios, grows it back to its usual
        // headroom with pages not yet touched, which are not resident until used.
        System.gc();
    }
}
