package dev.conclab.runtime.ipc;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.util.Base64;

/** A child JVM of {@link ManagerTest}: counts 100 times in the parent's map (its merge lambda travels back) and appends its pid. */
final class ManagerChild {
    private ManagerChild() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Object[] handles;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(args[0])))) {
            handles = (Object[]) in.readObject();
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
