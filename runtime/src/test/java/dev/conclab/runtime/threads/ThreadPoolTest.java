package dev.conclab.runtime.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ThreadPoolTest {
    @Test
    void mapsInInputOrderWhateverOrderTheTasksEndIn() throws Exception {
        try (var pool = ThreadPool.create(4)) {
            // Earlier inputs sleep longer, so they end last.
            List<Integer> squares = pool.map(x -> {
                Thread.sleep(10L * (5 - x));
                return x * x;
            }, List.of(1, 2, 3, 4, 5));
            assertEquals(List.of(1, 4, 9, 16, 25), squares);
        }
    }

    @Test
    void runsTasksOnItsNamedWorkersAtOnce() throws Exception {
        Set<String> workers = ConcurrentHashMap.newKeySet();
        CountDownLatch allInside = new CountDownLatch(3);
        try (var pool = ThreadPool.create(3)) {
            assertEquals(3, pool.size());
            pool.map(x -> {
                workers.add(Thread.currentThread().getName());
                allInside.countDown();
                return allInside.await(10, TimeUnit.SECONDS);
            }, List.of(0, 1, 2)).forEach(reached -> assertTrue(reached, "three tasks ran at the same time"));
        }
        assertEquals(3, workers.size());
        assertTrue(workers.stream().allMatch(name -> name.matches("thread-pool-\\d+-worker-[0-2]")), workers.toString());
    }

    @Test
    void aFailureNamesTheTaskAndItsInputAndCarriesTheCause() throws Exception {
        try (var pool = ThreadPool.create(2)) {
            TaskFailedException failure = assertThrows(TaskFailedException.class, () -> pool.map(x -> {
                if (x == 3) {
                    throw new IllegalArgumentException("three");
                }
                return x;
            }, List.of(1, 2, 3, 4)));
            assertEquals("task 2 of the map (input 3) failed: java.lang.IllegalArgumentException: three", failure.getMessage());
            assertInstanceOf(IllegalArgumentException.class, failure.getCause());
        }
    }

    @Test
    void submitReturnsAFutureAndCloseWaitsForSubmittedTasks() throws Exception {
        Future<String> late;
        try (var pool = ThreadPool.create(1)) {
            assertEquals(42, pool.submit(() -> 6 * 7).get());
            late = pool.submit(() -> {
                Thread.sleep(200);
                return "done";
            });
        }
        assertTrue(late.isDone(), "close waited for the task");
        assertEquals("done", late.get());
    }

    @Test
    void sixSubmitsThenCloseGiveSixResults() throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        try (var pool = ThreadPool.create(2)) {
            for (int i = 0; i < 6; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    Thread.sleep(50);
                    return n * n;
                }));
            }
        }
        List<Integer> squares = new ArrayList<>();
        for (Future<Integer> result : results) {
            assertTrue(result.isDone(), "close finished every submitted task");
            squares.add(result.get());
        }
        assertEquals(List.of(0, 1, 4, 9, 16, 25), squares);
    }

    @Test
    void itGoesWhereAnExecutorServiceIsExpected() throws Exception {
        ExecutorService pool = ThreadPool.create(2);
        try {
            List<Callable<String>> tasks = List.of(() -> "a", () -> "b");
            List<String> all = new ArrayList<>();
            for (Future<String> done : pool.invokeAll(tasks)) {
                all.add(done.get());
            }
            assertEquals(List.of("a", "b"), all);
            assertEquals(42, CompletableFuture.supplyAsync(() -> 6 * 7, pool).thenApply(x -> x).get(10, TimeUnit.SECONDS));
            assertEquals("x", pool.invokeAny(List.of(() -> "x")));
        } finally {
            pool.shutdown();
        }
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(pool.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> pool.submit(() -> 1));
    }

    @Test
    void shutdownNowInterruptsTheRunningTaskAndHandsBackTheWaitingOnes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        var pool = ThreadPool.create(1);
        Future<Object> running = pool.submit(() -> {
            started.countDown();
            Thread.sleep(60_000);
            return null;
        });
        pool.submit(() -> 1);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertEquals(1, pool.shutdownNow().size(), "the task that never started");
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        ExecutionException failure = assertThrows(ExecutionException.class, running::get);
        assertInstanceOf(InterruptedException.class, failure.getCause());
    }

    @Test
    void aLongMapOutsideACellNeedsNoProgressBar() throws Exception {
        try (var pool = ThreadPool.create(2)) {
            List<Integer> inputs = IntStream.range(0, 1000).boxed().toList();
            assertEquals(inputs, pool.map(x -> x, inputs));
        }
    }
}
