package dev.conclab.runtime.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class SharedLongsTest {
    @Test
    void aCopyMadeBySerializationSeesTheSameMemory() throws Exception {
        SharedLongs original = SharedLongs.create(3);
        SharedLongs copy = roundTrip(original);
        copy.set(1, 41);
        assertEquals(42, original.incrementAndGet(1));
        assertEquals(42, copy.get(1));
    }

    @Test
    void atomicIncrementsFromManyThreadsLoseNothing() throws Exception {
        SharedCounter counter = SharedCounter.create();
        ProcessLock lock = ProcessLock.create();
        SharedCounter guarded = SharedCounter.create();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    counter.incrementAndGet();
                    lock.lock();
                    guarded.set(guarded.get() + 1);
                    lock.unlock();
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(40_000, counter.get());
        assertEquals(40_000, guarded.get());
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
