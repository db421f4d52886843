package dev.conclab.runtime.timeline;

import dev.conclab.runtime.internal.cells.NotebookThreadGroup;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentionTest {
    private final ThreadGroup cell = new NotebookThreadGroup(Thread.currentThread().getThreadGroup(), (thread, e) -> { });

    /** A lock of its own class, so the test can tell its spans from any other. */
    static final class Vault {}

    @Test
    void aContendedSynchronizedBlockShowsTheLockClassAndTheThreadThatHeldIt() throws Exception {
        Vault vault = new Vault();
        CountDownLatch holding = new CountDownLatch(1);
        Contention contention = Contention.record(() -> {
            Thread holder = new Thread(cell, () -> {
                synchronized (vault) {
                    holding.countDown();
                    busy(20);
                }
            }, "holder");
            Thread waiter = new Thread(cell, () -> {
                await(holding);
                synchronized (vault) {
                    vault.hashCode();
                }
            }, "waiter");
            holder.start();
            waiter.start();
            holder.join();
            waiter.join();
        });
        List<BlockedSpan> enters = contention.spans().stream()
                .filter(span -> span.kind() == BlockedSpan.Kind.MONITOR_ENTER && span.lock().equals(Vault.class.getName())).toList();
        assertEquals(1, enters.size(), contention.spans().toString());
        BlockedSpan span = enters.get(0);
        assertEquals("waiter", span.thread());
        assertEquals("holder", span.holder());
        assertTrue(span.millis() > 1 && span.millis() < 5000, span.describe());
        assertTrue(contention.toMimeBundle().data().get("text/html").contains("<code>" + Vault.class.getName() + "</code>"));
        assertNoRecorderThreadLeft();
    }

    @Test
    void aContendedReentrantLockShowsAParkOnTheLockAndTheThreadThatOwnedIt() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch holding = new CountDownLatch(1);
        Timeline timeline = Timeline.recordWithLocks(() -> {
            Thread[] waiter = new Thread[1];
            Thread holder = new Thread(cell, () -> {
                lock.lock();
                try {
                    holding.countDown();
                    // Holds on for 50 ms once the waiter has parked on the lock: 50 chances to see its owner.
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!lock.hasQueuedThread(waiter[0]) && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    busy(50);
                } finally {
                    lock.unlock();
                }
            }, "lock-holder");
            waiter[0] = new Thread(cell, () -> {
                await(holding);
                lock.lock();
                lock.unlock();
            }, "lock-waiter");
            holder.start();
            waiter[0].start();
            holder.join();
            waiter[0].join();
        });
        List<BlockedSpan> parks = timeline.contention().spans().stream()
                .filter(span -> span.kind() == BlockedSpan.Kind.PARK && span.thread().equals("lock-waiter"))
                .filter(span -> span.lock().startsWith(ReentrantLock.class.getName())).toList();
        assertFalse(parks.isEmpty(), timeline.contention().spans().toString());
        // The owner is looked up every 1 ms while the park lasts.
        assertEquals("lock-holder", parks.get(0).holder(), parks.get(0).describe());
        String svg = timeline.toSvg();
        assertTrue(svg.contains("<title>lock-waiter parked on java.util.concurrent.locks.ReentrantLock"), svg);
        assertTrue(svg.matches("(?s).*<text class=\"wait-table\"[^>]*>parked on java.util.concurrent.locks.ReentrantLock\\S*: "
                + "\\d+ waits, .*; lock-waiter; held by lock-holder<.*"), svg);
        String html = timeline.contention().toMimeBundle().data().get("text/html");
        assertTrue(html.contains("<td>lock-waiter</td><td>lock-holder</td>"), html);
        assertNoRecorderThreadLeft();
    }

    @Test
    void aWaitShorterThanTheSamplerStillShowsOnTheTimeline() throws Exception {
        Vault vault = new Vault();
        CountDownLatch holding = new CountDownLatch(1);
        Timeline timeline = Timeline.recordWithLocks(() -> {
            Thread[] waiter = new Thread[1];
            Thread holder = new Thread(cell, () -> {
                synchronized (vault) {
                    holding.countDown();
                    // Lets go as soon as the waiter is blocked: the wait lasts well under the sampler's 5 ms.
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (waiter[0].getState() != Thread.State.BLOCKED && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
            }, "brief-holder");
            waiter[0] = new Thread(cell, () -> {
                await(holding);
                synchronized (vault) {
                    vault.hashCode();
                }
            }, "brief-waiter");
            holder.start();
            waiter[0].start();
            holder.join();
            waiter[0].join();
        });
        String svg = timeline.toSvg();
        assertTrue(svg.contains("<title>brief-waiter blocked entering synchronized on " + Vault.class.getName() + " held by brief-holder"), svg);
    }

    @Test
    void anInterruptedExperimentStopsTheRecordingAndKeepsTheInterrupt() throws Exception {
        try {
            Contention.record(() -> Thread.currentThread().interrupt());
            assertTrue(Thread.currentThread().isInterrupted(), "the cell still sees that it was interrupted");
        } finally {
            Thread.interrupted();
        }
        assertNoRecorderThreadLeft();
    }

    private static void assertNoRecorderThreadLeft() throws InterruptedException {
        for (Thread thread : Timeline.liveThreads()) {
            if (thread.getName().startsWith("JFR Event Stream") || thread.getName().equals("conclab-park-owners")) {
                thread.join(2000); // ends on its own once closed; bounded so that a leak fails
                assertFalse(thread.isAlive(), "left running: " + thread);
            }
        }
    }

    private static void busy(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
