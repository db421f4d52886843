package dev.conclab.kernel.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Both pools have one shape in a cell: close finishes what was submitted, and each is an ExecutorService. */
class PoolShapeIT {
    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().warmUp("long square(long x) { return x * x; }");

    @Test
    void sixSubmitsOnAWarmProcessPoolThenCloseGiveSixResults() throws Exception {
        running.client().run("var warm = ProcessPool.create(2);\nwarm.map(x -> x, List.of(1, 2));");
        Run run = running.client().run("List<Future<Long>> results = new ArrayList<>();\n"
                + "for (long i = 0; i < 6; i++) { long n = i; results.add(warm.submit(() -> { Thread.sleep(100); return square(n); })); }\n"
                + "warm.close();\n"
                + "for (var result : results) System.out.println(result.get());\n"
                + "warm.isTerminated()");
        assertEquals("ok", run.status(), run.iopub().toString());
        assertEquals("0\n1\n4\n9\n16\n25\n", run.stdout());
        assertEquals("true", run.result(), "the workers ended after the tasks");
    }

    @Test
    void aProcessPoolGoesWhereAnExecutorServiceIsExpected() throws Exception {
        Run run = running.client().run("ExecutorService executor = ProcessPool.create(2);\n"
                + "List<ProcessTask<Long>> tasks = List.of(() -> square(3), () -> square(4));\n"
                + "long sum = 0;\n"
                + "for (Future<Long> done : executor.invokeAll(tasks)) sum += done.get();\n"
                + "executor.shutdown();\n"
                + "System.out.println(\"terminated \" + executor.awaitTermination(30, TimeUnit.SECONDS));\n"
                + "sum");
        assertEquals("ok", run.status(), run.iopub().toString());
        assertEquals("terminated true\n", run.stdout());
        assertEquals("25", run.result());
    }

    @Test
    void aProcessPoolChainsCompletableFuturesAndSaysWhySupplyAsyncCannotSendItsStep() throws Exception {
        running.client().run("var cpu = ProcessPool.create(1);");
        Run chained = running.client().run("cpu.submit(() -> square(5)).thenApply(x -> x + 1).join()");
        assertEquals("26", chained.result(), chained.iopub().toString());
        Run supplyAsync = running.client().run("CompletableFuture.supplyAsync(() -> square(6), cpu).join()");
        assertEquals("java.util.concurrent.RejectedExecutionException", supplyAsync.error().content().path("ename").asText());
        String evalue = supplyAsync.error().content().path("evalue").asText();
        assertTrue(evalue.contains("use pool.submit(() -> ...), which returns a CompletableFuture"), evalue);
        running.client().run("cpu.close();");
    }

    @Test
    void aThreadPoolGoesWhereAnExecutorServiceIsExpected() throws Exception {
        Run run = running.client().run("try (var threads = ThreadPool.create(2)) {\n"
                + "    System.out.println(CompletableFuture.supplyAsync(() -> square(7), threads).join());\n"
                + "    System.out.println(threads.invokeAll(List.<Callable<Long>>of(() -> 1L, () -> 2L)).size());\n"
                + "}");
        assertEquals("ok", run.status(), run.iopub().toString());
        assertEquals("49\n2\n", run.stdout());
    }

    @Test
    void aFailedPoolTaskIsNamedAndCarriesTheWorkersException() throws Exception {
        Run run = running.client().run("try (var pool = ProcessPool.create(1)) {\n"
                + "    pool.submit(() -> { if (true) throw new IllegalStateException(\"broken\"); return 1; }).get();\n"
                + "}");
        StringBuilder text = new StringBuilder();
        run.error().content().path("traceback").forEach(line -> text.append(line.asText()).append('\n'));
        String shown = text.toString().replaceAll("\u001b\\[[0-9;]*m", "");
        assertTrue(shown.contains("ChildFailedException: task 0 failed in pool-worker-0: java.lang.IllegalStateException: broken"), shown);
        assertTrue(shown.contains("Caused by: java.lang.IllegalStateException: broken"), shown);
    }
}
