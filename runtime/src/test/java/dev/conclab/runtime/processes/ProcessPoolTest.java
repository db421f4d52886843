package dev.conclab.runtime.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.runtime.serial.SerialFilter;
import dev.conclab.runtime.threads.TaskFailedException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Worker JVMs on this test's class path run the tasks; what a test asserts is what a notebook would see. */
class ProcessPoolTest {
    private ProcessPool pool;

    @BeforeEach
    void warmPool() throws Exception {
        pool = ProcessPool.create(2);
        // Warm: both workers have started and run a task.
        assertEquals(List.of(1, 2), pool.map(x -> x, List.of(1, 2)));
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void sixSubmitsOnAWarmPoolThenCloseGiveSixResults() throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                Thread.sleep(100);
                return n * n;
            }));
        }
        pool.close();
        List<Integer> squares = new ArrayList<>();
        for (Future<Integer> result : results) {
            assertTrue(result.isDone(), "close finished every submitted task");
            squares.add(result.get());
        }
        assertEquals(List.of(0, 1, 4, 9, 16, 25), squares);
        assertTrue(pool.isTerminated(), "the workers ended after the tasks");
    }

    @Test
    void aFailedTaskIsNamedAndCarriesWhatItThrewInTheWorker() throws Exception {
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> pool.submit(() -> { throw new IllegalStateException("broken"); }).get());
        ChildFailedException child = assertInstanceOf(ChildFailedException.class, failure.getCause());
        assertTrue(child.getMessage().matches("task \\d+ failed in pool-worker-[01]: java.lang.IllegalStateException: broken"),
                child.getMessage());
        IllegalStateException cause = assertInstanceOf(IllegalStateException.class, child.getCause());
        assertEquals("broken", cause.getMessage());
        assertTrue(cause.getStackTrace().length > 0, "the cause keeps the worker's stack trace");
    }

    @Test
    void aFailedMapNamesTheTaskAndItsInputAsTheThreadPoolDoes() {
        TaskFailedException failure = assertThrows(TaskFailedException.class, () -> pool.map(x -> {
            if (x == 3) {
                throw new IllegalArgumentException("three");
            }
            return x;
        }, List.of(1, 2, 3, 4)));
        assertInstanceOf(ChildFailedException.class, failure);
        assertTrue(failure.getMessage().matches("task 2 of the map \\(input 3\\) failed in pool-worker-[01]: "
                + "java.lang.IllegalArgumentException: three"), failure.getMessage());
        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
    }

    @Test
    void aLongMapTravelsInChunksAndKeepsInputOrderAndTheFirstFailure() throws Exception {
        List<Integer> inputs = java.util.stream.IntStream.range(0, 1000).boxed().toList();
        List<Long> pids = pool.map(x -> ProcessHandle.current().pid(), inputs);
        // Python's chunk size for 1,000 inputs on 2 workers: 125, so each run of 125 ran in one worker.
        assertEquals(125, PoolMap.chunkSize(1000, 2));
        for (int first = 0; first < 1000; first += 125) {
            assertEquals(1, pids.subList(first, first + 125).stream().distinct().count(), "chunk at " + first);
        }
        assertEquals(inputs.stream().map(x -> x * 2).toList(), pool.map(x -> x * 2, inputs), "results in input order");
        assertEquals(List.of(0, 2, 4), pool.map(x -> x * 2, List.of(0, 1, 2), 2), "a chunk size of the caller's");
        TaskFailedException failure = assertThrows(TaskFailedException.class, () -> pool.map(x -> {
            if (x == 130 || x == 700) {
                throw new IllegalArgumentException("bad " + x);
            }
            return x;
        }, inputs));
        assertTrue(failure.getMessage().matches("task 130 of the map \\(input 130\\) failed in pool-worker-[01]: "
                + "java.lang.IllegalArgumentException: bad 130"), failure.getMessage());
        assertEquals("bad 130", assertInstanceOf(IllegalArgumentException.class, failure.getCause()).getMessage());
        IllegalArgumentException noChunk = assertThrows(IllegalArgumentException.class, () -> pool.map(x -> x, inputs, 0));
        assertTrue(noChunk.getMessage().contains("at least 1"), noChunk.getMessage());
    }

    @Test
    void aMapWhoseAnswerCannotBeTakenInFailsSayingWhyInsteadOfWaitingForever() throws Exception {
        // The workers refuse a URL, so each chunk fails whole; this process cannot read that failure,
        // as its filter pattern is broken: the thread that reads the workers' answers meets the error.
        URL refusedByTheWorkers = new URL("http://localhost/");
        System.setProperty(SerialFilter.PROPERTY, "!");
        try {
            TaskFailedException failure = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
                    TaskFailedException.class, () -> pool.map(x -> refusedByTheWorkers.getPath() + x, List.of(1, 2))));
            assertInstanceOf(ChildFailedException.class, failure);
            assertTrue(failure.getMessage().matches("(?s)task \\d of the map \\(input \\d\\) failed because its answer from"
                    + " pool-worker-[01] could not be taken in here \\(java.lang.IllegalArgumentException: the system property conclab.serial.filter"
                    + " is \"!\", which is not a JEP 290 pattern.*"), failure.getMessage());
        } finally {
            System.clearProperty(SerialFilter.PROPERTY);
        }
    }

    @Test
    void itGoesWhereAnExecutorServiceIsExpected() throws Exception {
        ExecutorService executor = pool;
        List<ProcessTask<Long>> tasks = List.of(() -> 1L, () -> ProcessHandle.current().pid());
        List<Long> results = new ArrayList<>();
        for (Future<Long> done : executor.invokeAll(tasks)) {
            results.add(done.get());
        }
        assertEquals(1L, results.get(0));
        assertTrue(results.get(1) != ProcessHandle.current().pid(), "the task ran in a worker JVM");
        assertEquals("any", executor.invokeAny(List.<ProcessTask<String>>of(() -> "any")));
        assertEquals(42, pool.submit(() -> 6 * 7).thenApply(x -> x).get(30, TimeUnit.SECONDS), "submit gives a CompletableFuture");
        executor.shutdown();
        assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
        RejectedExecutionException closed = assertThrows(RejectedExecutionException.class, () -> pool.submit(() -> 1));
        assertTrue(closed.getMessage().contains("ProcessPool.create(n)"), closed.getMessage());
    }

    @Test
    void aTaskThatCannotTravelIsRefusedSayingWhatToDo() {
        RejectedExecutionException supplyAsync = assertThrows(RejectedExecutionException.class,
                () -> CompletableFuture.supplyAsync(() -> 1, pool));
        assertTrue(supplyAsync.getMessage().contains("use pool.submit(() -> ...)"), supplyAsync.getMessage());
        java.util.concurrent.Callable<Integer> plain = () -> 1;
        RejectedExecutionException callable = assertThrows(RejectedExecutionException.class, () -> pool.submit(plain));
        assertTrue(callable.getMessage().contains("must be Serializable"), callable.getMessage());
        Object notSerializable = new Object();
        RejectedExecutionException captured = assertThrows(RejectedExecutionException.class,
                () -> pool.submit(() -> notSerializable.hashCode()));
        assertTrue(captured.getMessage().contains("captures a java.lang.Object"), captured.getMessage());
    }

    @Test
    void aCloseThatIsInterruptedStopsAtOnceAndKeepsTheInterrupt() throws Exception {
        CompletableFuture<Object> sleeper = pool.submit(() -> {
            Thread.sleep(60_000);
            return null;
        });
        CompletableFuture<Boolean> keptInterrupt = new CompletableFuture<>();
        Thread closer = new Thread(() -> {
            pool.close();
            keptInterrupt.complete(Thread.currentThread().isInterrupted());
        });
        closer.start();
        closer.interrupt(); // as the stop button interrupts a cell waiting in close
        assertTrue(keptInterrupt.get(30, TimeUnit.SECONDS), "close returned with the interrupt kept");
        assertTrue(pool.isTerminated(), "the workers were killed");
        assertEndedUnfinished(sleeper);
    }

    @Test
    void aLongTaskHoldsUpNoTaskSubmittedBehindIt() throws Exception {
        CompletableFuture<Object> sleeper = pool.submit(() -> {
            Thread.sleep(60_000);
            return null;
        });
        List<Integer> quick = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            quick.add(pool.submit(() -> n).get(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(0, 1, 2), quick, "the other worker ran them while the first slept");
        assertFalse(sleeper.isDone());
    }

    @Test
    void shutdownNowCancelsWhatWaitsAndEndsTheWorkers() throws Exception {
        List<CompletableFuture<Object>> sleepers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sleepers.add(pool.submit(() -> {
                Thread.sleep(60_000);
                return null;
            }));
        }
        assertEquals(List.of(), pool.shutdownNow());
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "the workers ended at once");
        sleepers.forEach(ProcessPoolTest::assertEndedUnfinished);
    }

    /** Cancelled if it still waited for a worker, failed if its worker was killed under it. */
    private static void assertEndedUnfinished(CompletableFuture<Object> task) {
        Throwable ended = assertThrows(Exception.class, task::get);
        assertTrue(ended instanceof CancellationException
                || ended instanceof ExecutionException && ended.getCause() instanceof ChildFailedException, ended.toString());
    }
}
