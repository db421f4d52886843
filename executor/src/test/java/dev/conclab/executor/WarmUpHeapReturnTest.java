package dev.conclab.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/** The collection after the warm-up gives the heap back and leaves the JVM's free ratios as they were. */
class WarmUpHeapReturnTest {
    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    @Test
    void theFreeRatiosAreThoseSetBefore() {
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            vm.setVMOption("MaxHeapFreeRatio", "60");
            vm.setVMOption("MinHeapFreeRatio", "20");
            WarmUpHeapReturn.run();
            assertEquals("20", vm.getVMOption("MinHeapFreeRatio").getValue());
            assertEquals("60", vm.getVMOption("MaxHeapFreeRatio").getValue());
        } finally {
            vm.setVMOption("MaxHeapFreeRatio", max);
            vm.setVMOption("MinHeapFreeRatio", min);
        }
    }

    @Test
    void garbageIsCollected() {
        // Measured against what is live before (other tests' leftovers collected first), not against
        // the used figure with the garbage, which young collections during the allocation blur.
        System.gc();
        long live = memory.getHeapMemoryUsage().getUsed();
        byte[][] garbage = new byte[200][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[100_000];
        }
        assertTrue(memory.getHeapMemoryUsage().getUsed() <= WarmUpHeapReturn.MAX_USED_BYTES, "the test JVM uses too much heap to try");
        garbage = null;
        WarmUpHeapReturn.run();
        long after = memory.getHeapMemoryUsage().getUsed();
        assertTrue(after < live + 10_000_000L, "live before " + live + " bytes, after " + after + " (20 MB of garbage in between)");
    }
}
