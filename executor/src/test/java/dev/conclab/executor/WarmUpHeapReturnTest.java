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
        byte[][] garbage = new byte[200][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[100_000];
        }
        long withGarbage = memory.getHeapMemoryUsage().getUsed();
        garbage = null;
        WarmUpHeapReturn.run();
        long after = memory.getHeapMemoryUsage().getUsed();
        assertTrue(withGarbage <= WarmUpHeapReturn.MAX_USED_BYTES, "the test JVM already uses " + withGarbage + " bytes");
        assertTrue(after < withGarbage - 15_000_000L, "used " + withGarbage + " -> " + after + " bytes");
    }
}
