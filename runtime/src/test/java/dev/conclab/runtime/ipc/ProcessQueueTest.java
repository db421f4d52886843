package dev.conclab.runtime.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProcessQueueTest {
    private static final int SECONDS = 30;

    @Test
    void fiftyFreshThreadsEachPutAndTake() throws Exception {
        // As in the kernel, where each cell runs on a new thread: none may wait on a new connection.
        ProcessQueue<Integer> queue = ProcessQueue.create();
        CountDownLatch done = new CountDownLatch(50);
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < 50; t++) {
            int value = t;
            new Thread(() -> {
                try {
                    queue.put(value);
                    queue.take();
                    done.countDown();
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }).start();
        }
        assertTrue(done.await(SECONDS, TimeUnit.SECONDS), "every thread finished; failures: " + failures);
        assertEquals(0, queue.size());
    }

    @Test
    void anInterruptedTakeDoesNotSwallowALaterItem() throws Exception {
        ProcessQueue<String> queue = ProcessQueue.create();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread taker = new Thread(() -> {
            try {
                outcome.set(new AssertionError("took " + queue.take()));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        taker.start();
        awaitWaiting(taker);
        taker.interrupt();
        taker.join(TimeUnit.SECONDS.toMillis(SECONDS));
        assertInstanceOf(InterruptedException.class, outcome.get());

        queue.put("later");
        assertEquals("later", CompletableFuture.supplyAsync(() -> take(queue)).get(SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void anInterruptedThreadsPutThrowsAndPutsNothing() throws Exception {
        // A put does not wait for the server, so it must look at the interrupt itself: a loop of puts still ends.
        ProcessQueue<String> queue = ProcessQueue.create();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread putter = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                queue.put("never");
                outcome.set(new AssertionError("put"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        putter.start();
        putter.join(TimeUnit.SECONDS.toMillis(SECONDS));
        assertInstanceOf(InterruptedException.class, outcome.get());
        assertEquals(0, queue.size());
    }

    @Test
    void anInterruptedAcquireHoldsNoPermit() throws Exception {
        ProcessSemaphore semaphore = ProcessSemaphore.create(1);
        semaphore.acquire();
        Thread waiter = new Thread(() -> {
            try {
                semaphore.acquire();
            } catch (InterruptedException expected) {
                // The test's point.
            }
        });
        waiter.start();
        awaitWaiting(waiter);
        waiter.interrupt();
        waiter.join(TimeUnit.SECONDS.toMillis(SECONDS));
        semaphore.release();
        CompletableFuture.runAsync(() -> {
            try {
                semaphore.acquire();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }).get(SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void copiesOfAHandleInOneJvmShareTheQueue() throws Exception {
        ProcessQueue<Integer> queue = ProcessQueue.create();
        ProcessQueue<Integer> copy = ManagerTest.roundTrip(queue);
        copy.put(7);
        assertEquals(7, queue.take());
    }

    /** Until {@code thread} parks, waiting for its answer (its request is on its way). */
    private static void awaitWaiting(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (thread.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "the thread waits");
            Thread.onSpinWait();
        }
    }

    private static <T> T take(ProcessQueue<T> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
