package dev.conclab.runtime.internal.cells;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SourceLabelsTest {
    @Test
    void labelsEveryLineStartEvenAcrossWrites() throws Exception {
        SourceLabels labels = new SourceLabels();
        String[] result = new String[1];
        Thread writer = new Thread(() -> result[0] = labels.label("one") + labels.label("\ntwo\n") + labels.label("three\n"), "worker-1");
        writer.start();
        writer.join();
        assertEquals("[worker-1] one\n[worker-1] two\n[worker-1] three\n", result[0]);
    }

    @Test
    void namesAChildProcessByItsCopyingThread() {
        assertEquals("producer", SourceLabels.sourceName("conclab-producer-stdout"));
        assertEquals("pool-worker-0", SourceLabels.sourceName("conclab-pool-worker-0-output"));
        assertEquals("A", SourceLabels.sourceName("A"));
    }
}
