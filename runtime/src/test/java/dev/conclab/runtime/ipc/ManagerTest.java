package dev.conclab.runtime.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManagerTest {
    @Test
    void aMapAnswersLikeAJavaMap() throws Exception {
        ProcessMap<String, Integer> map = Manager.map();
        assertNull(map.put("a", 1));
        assertEquals(1, map.put("a", 2));
        assertEquals(2, map.get("a"));
        assertNull(map.get("b"));
        assertEquals(7, map.getOrDefault("b", 7));
        assertTrue(map.containsKey("a"));
        map.put("b", 3);
        assertEquals(Map.of("a", 2, "b", 3), map.toMap());
        assertEquals("{a=2, b=3}", map.toString(), "insertion order, as a cell shows it");
        assertEquals(2, map.remove("a"));
        assertEquals(1, map.size());
    }

    @Test
    void mergesFromManyThreadsAndCopiesLoseNothing() throws Exception {
        ProcessMap<String, Long> counts = Manager.map();
        ProcessList<Integer> log = Manager.list();
        ProcessMap<String, Long> copy = roundTrip(counts);
        ProcessList<Integer> logCopy = roundTrip(log);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            ProcessMap<String, Long> handle = t % 2 == 0 ? counts : copy;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 250; i++) {
                        handle.merge("hits", 1L, Long::sum);
                    }
                    logCopy.add(id);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1000L, counts.get("hits"));
        assertEquals(List.of(0, 1, 2, 3), log.toList().stream().sorted().toList());
    }

    @Test
    void aFailingMergeFunctionFailsTheCallerAndLeavesTheMapServing() throws Exception {
        ProcessMap<String, Integer> map = Manager.map();
        map.put("x", 1);
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> map.merge("x", 0, (a, b) -> a / b));
        assertInstanceOf(ArithmeticException.class, failure.getCause());
        assertTrue(failure.getMessage().contains("merge failed"), failure.getMessage());
        assertEquals(1, map.get("x"), "the server still answers");
        ProcessMap<String, Object> anything = Manager.map();
        assertThrows(IllegalArgumentException.class, () -> anything.put("thread", new Thread()), "a Thread cannot cross processes");
        assertEquals(0, anything.size());
    }

    @Test
    void aListAddsGetsAndSets() throws Exception {
        ProcessList<String> list = Manager.list();
        list.add("a");
        list.add("b");
        assertEquals("b", list.set(1, "c"));
        assertEquals("c", list.get(1));
        assertEquals(2, list.size());
        assertEquals("[a, c]", list.toString());
        IllegalStateException outOfRange = assertThrows(IllegalStateException.class, () -> list.get(5));
        assertInstanceOf(IndexOutOfBoundsException.class, outOfRange.getCause());
    }

    @Test
    void childJvmsMergeAndAppendThroughTheirCopies() throws Exception {
        ProcessMap<String, Long> counts = Manager.map();
        ProcessList<Long> pids = Manager.list();
        // On stdin, as a child gets them: the handles carry their keys, which a command line would show everyone.
        byte[] handles = serialize(new Object[] {counts, pids});
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ManagerChild.class.getName())
                    .redirectErrorStream(true).start();
            try (var toChild = child.getOutputStream()) {
                toChild.write(handles);
            }
            children.add(child);
        }
        for (Process child : children) {
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child ended");
            assertEquals(0, child.exitValue(), new String(child.getInputStream().readAllBytes()));
        }
        assertEquals(300L, counts.get("hits"));
        assertEquals(3, pids.size());
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T handle) {
        return (T) HostedClient.deserialize(serialize(handle), ManagerTest.class.getClassLoader());
    }

    private static byte[] serialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }
}
