package dev.conclab.runtime.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadsTest {
    @Test
    void startsNamedThreadsWhoseCodeMayThrowCheckedExceptionsAndJoinsThemAll() throws Exception {
        var names = new ConcurrentLinkedQueue<String>();
        List<Thread> threads = Threads.start(3, "worker", i -> () -> {
            Thread.sleep(1);
            names.add(Thread.currentThread().getName());
        });
        Threads.joinAll(threads);
        assertEquals(List.of("worker-0", "worker-1", "worker-2"), names.stream().sorted().toList());
        assertTrue(threads.stream().noneMatch(Thread::isAlive));
    }

    @Test
    void anInterruptedThreadEndsQuietly() throws Exception {
        var started = new CountDownLatch(1);
        var failures = new ConcurrentLinkedQueue<Throwable>();
        Thread sleeper = Threads.start("sleeper", () -> {
            started.countDown();
            Thread.sleep(60_000);
        });
        sleeper.setUncaughtExceptionHandler((t, e) -> failures.add(e));
        started.await();
        sleeper.interrupt();
        sleeper.join();
        assertFalse(sleeper.isAlive());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void stopwatchMeasuresTheBlock() throws Exception {
        Duration took = Stopwatch.time(() -> Thread.sleep(20));
        assertTrue(took.toMillis() >= 20, took.toString());
    }
}
