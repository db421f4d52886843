package dev.conclab.runtime.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
        try (var pool = ThreadPool.of(4)) {
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
        try (var pool = ThreadPool.of(3)) {
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
        try (var pool = ThreadPool.of(2)) {
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
        try (var pool = ThreadPool.of(1)) {
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
    void aLongMapOutsideACellNeedsNoProgressBar() throws Exception {
        try (var pool = ThreadPool.of(2)) {
            List<Integer> inputs = IntStream.range(0, 1000).boxed().toList();
            assertEquals(inputs, pool.map(x -> x, inputs));
        }
    }
}
