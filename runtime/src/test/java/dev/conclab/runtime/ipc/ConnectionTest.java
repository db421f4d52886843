package dev.conclab.runtime.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.SerialFilter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls to objects that another JVM serves, made on the callers' own threads (leader and
 * followers): an interrupt ends a caller's wait without closing the connection or losing an item,
 * and another waiting thread takes over reading the replies.
 */
class ConnectionTest {
    private static final int SECONDS = 30;
    private static Process server;
    private static ProcessQueue<String> queue;
    private static ProcessSemaphore semaphore;
    private static ProcessPipe pipe;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void startServer() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ServingChild.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (FilteredInput in = new FilteredInput(server.getInputStream(), SerialFilter.forNotebook("the test"))) {
            Object[] handles = (Object[]) in.readChecked();
            queue = (ProcessQueue<String>) handles[0];
            semaphore = (ProcessSemaphore) handles[1];
            pipe = (ProcessPipe) handles[2];
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.getOutputStream().close();
        assertTrue(server.waitFor(SECONDS, TimeUnit.SECONDS), "the serving JVM ended");
    }

    @Test
    void anInterruptedLeaderLeavesTheConnectionWorkingAndTakesNothing() throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread taker = taker(outcome);
        awaitIn(taker, "FrameReader.await");
        taker.interrupt();
        taker.join(TimeUnit.SECONDS.toMillis(SECONDS));
        assertInstanceOf(InterruptedException.class, outcome.get());

        queue.put("later");
        assertEquals("later", CompletableFuture.supplyAsync(ConnectionTest::take).get(SECONDS, TimeUnit.SECONDS));
        assertEquals(0, queue.size());
    }

    @Test
    void aFollowerTakesOverWhenTheLeaderIsInterrupted() throws Exception {
        AtomicReference<Throwable> first = new AtomicReference<>();
        AtomicReference<Throwable> second = new AtomicReference<>();
        Thread one = taker(first);
        Thread two = taker(second);
        Thread leader = awaitLeaderAndFollower(one, two);
        leader.interrupt();
        leader.join(TimeUnit.SECONDS.toMillis(SECONDS));

        queue.put("for the follower");
        Thread follower = leader == one ? two : one;
        follower.join(TimeUnit.SECONDS.toMillis(SECONDS));
        assertInstanceOf(InterruptedException.class, (leader == one ? first : second).get());
        assertEquals("took for the follower", (follower == one ? first : second).get().getMessage());
        assertEquals(0, queue.size());
    }

    @Test
    void valuesPutWithoutWaitingArriveInOrderEvenWhenTheSocketIsFull() throws Exception {
        // 4 MB a value, more than a socket's buffer: the rest goes out from the writer's service thread.
        String large = "x".repeat(2_000_000);
        for (int i = 0; i < 300; i++) {
            queue.put(i % 100 == 0 ? large + i : Integer.toString(i));
        }
        for (int i = 0; i < 300; i++) {
            assertEquals(i % 100 == 0 ? large + i : Integer.toString(i), queue.take());
        }
        assertEquals(0, queue.size());
    }

    @Test
    void aPipeCarriesValuesBothWaysInOrder() throws Exception {
        // Both ends here, the pipe served by the other JVM: every send and receive crosses the socket.
        for (int i = 0; i < 100; i++) {
            pipe.left().send(i);
            pipe.right().send("back " + i);
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(i, pipe.right().receive());
            assertEquals("back " + i, pipe.left().receive());
        }
    }

    @Test
    void anInterruptedReceiveLeavesTheNextValueForTheNextReceive() throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread receiver = new Thread(() -> {
            try {
                outcome.set(new AssertionError("received " + pipe.right().receive()));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        receiver.start();
        awaitIn(receiver, "FrameReader.await");
        receiver.interrupt();
        receiver.join(TimeUnit.SECONDS.toMillis(SECONDS));
        assertInstanceOf(InterruptedException.class, outcome.get());

        pipe.left().send("later");
        assertEquals("later", CompletableFuture.supplyAsync(() -> {
            try {
                return pipe.right().receive();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }).get(SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void aReleaseWakesAnAcquirerSleepingInTheServer() throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread acquirer = new Thread(() -> {
            try {
                semaphore.acquire();
                outcome.set(new AssertionError("acquired"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        acquirer.start();
        awaitIn(acquirer, "FrameReader.await"); // no permit after its spin: it sleeps in the server
        semaphore.release();
        acquirer.join(TimeUnit.SECONDS.toMillis(SECONDS));
        assertEquals("acquired", outcome.get().getMessage());
    }

    /** A thread that takes from the queue; {@code outcome} gets what it threw, or "took ..." as an AssertionError. */
    private static Thread taker(AtomicReference<Throwable> outcome) {
        Thread thread = new Thread(() -> {
            try {
                outcome.set(new AssertionError("took " + queue.take()));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        thread.start();
        return thread;
    }

    /** Until one thread reads the socket and the other waits its turn; returns the reader. */
    private static Thread awaitLeaderAndFollower(Thread one, Thread two) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (true) {
            for (Thread leader : List.of(one, two)) {
                Thread follower = leader == one ? two : one;
                if (isIn(leader, "FrameReader.await") && follower.getState() == Thread.State.WAITING && isIn(follower, "Connection.awaitUntil")) {
                    return leader;
                }
            }
            assertTrue(System.nanoTime() < deadline, "one thread leads and the other follows");
            Thread.onSpinWait();
        }
    }

    private static void awaitIn(Thread thread, String frame) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (!isIn(thread, frame)) {
            assertTrue(System.nanoTime() < deadline, "the thread waits in " + frame);
            Thread.onSpinWait();
        }
    }

    private static boolean isIn(Thread thread, String frame) {
        return Arrays.stream(thread.getStackTrace()).anyMatch(element -> element.toString().contains(frame));
    }

    private static String take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
