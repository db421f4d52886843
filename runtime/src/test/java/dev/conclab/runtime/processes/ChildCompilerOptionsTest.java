package dev.conclab.runtime.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The C2 thresholds a child JVM runs with, as the child itself reports them. */
class ChildCompilerOptionsTest {

    @Test
    void aChildStartsC2AsLateAsTheExecutor() throws Exception {
        assertEquals("25000", Processes.start("thresholds", () -> tier4Threshold()).result());
    }

    @Test
    void aChildsOwnOptionWinsOverTheDefault() throws Exception {
        ChildProcess<String> child = Processes.start("thresholds", List.of("-XX:Tier4InvocationThreshold=5000"),
                () -> tier4Threshold());
        assertEquals("5000", child.result());
    }

    private static String tier4Threshold() {
        return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("Tier4InvocationThreshold").getValue();
    }
}
