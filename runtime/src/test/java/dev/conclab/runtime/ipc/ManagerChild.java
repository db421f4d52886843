package dev.conclab.runtime.ipc;

import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.SerialFilter;

/** A child JVM of {@link ManagerTest}, given the handles on stdin: counts 100 times in the parent's map (its merge lambda travels back) and appends its pid. */
final class ManagerChild {
    private ManagerChild() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Object[] handles;
        try (FilteredInput in = new FilteredInput(System.in, SerialFilter.forNotebook("the test"))) {
            handles = (Object[]) in.readChecked();
        }
        ProcessMap<String, Long> counts = (ProcessMap<String, Long>) handles[0];
        ProcessList<Long> pids = (ProcessList<Long>) handles[1];
        for (int i = 0; i < 100; i++) {
            counts.merge("hits", 1L, (a, b) -> a + b);
        }
        pids.add(ProcessHandle.current().pid());
        System.exit(0);
    }
}
