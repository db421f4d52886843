package dev.conclab.kernel.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Output reaches the cell that caused it: threads after their cell, floods, child processes. */
class OutputRoutingIT {
    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().warmUp("1");

    @Test
    void aThreadKeepsWritingIntoItsCellWhileLaterCellsRun() throws Exception {
        Run first = running.client().run("var gate = new CountDownLatch(1);\n"
                + "Thread late = new Thread(() -> { try { gate.await(); } catch (InterruptedException e) { } System.out.println(\"late line\"); });\n"
                + "late.start();");
        String firstId = first.reply().parentId();
        Run second = running.client().run("System.out.println(\"second cell\");\ngate.countDown();\nlate.join();");
        assertEquals("second cell\n", second.stdout(), "the second cell shows only its own line");
        Msg late = running.client().findIopub(m -> m.type().equals("stream") && m.content().path("text").asText().contains("late line"));
        assertEquals(firstId, late.parentId(), "the thread's line goes to the cell that started it");
    }

    @Test
    void aTaskGivenToAJdkExecutorWritesIntoTheCellThatSubmittedIt() throws Exception {
        // The pools and their threads are made in one cell; the tasks come from later ones.
        assertEquals("ok", running.client().run("var pool = Executors.newFixedThreadPool(2);\n"
                + "var forkJoin = new ForkJoinPool(2);\n"
                + "var timer = Executors.newScheduledThreadPool(1);\n"
                + "pool.submit(() -> 1).get(); forkJoin.submit(() -> 1).get(); timer.submit(() -> 1).get();").status());
        Run submitted = running.client().run("pool.submit(() -> System.out.println(\"submit\")).get();\n"
                + "var done = new CountDownLatch(1);\n"
                + "pool.execute(() -> { System.out.println(\"execute\"); done.countDown(); });\n"
                + "done.await();\n"
                + "timer.schedule(() -> System.out.println(\"schedule\"), 1, TimeUnit.MILLISECONDS).get();\n"
                + "CompletableFuture.supplyAsync(() -> \"async\", pool).thenAcceptAsync(System.out::println, forkJoin).join();\n"
                + "forkJoin.submit(() -> IntStream.range(0, 64).parallel().forEach(i -> { if (i % 16 == 0) System.out.println(\"part \" + i); })).get();");
        assertEquals(List.of("async", "execute", "part 0", "part 16", "part 32", "part 48", "schedule", "submit"),
                submitted.stdout().lines().sorted().toList(), "every task's line is in the cell that submitted it");

        Run later = running.client().run("var gate = new CountDownLatch(1);\n"
                + "pool.submit(() -> { gate.await(); System.out.println(\"after its cell\"); return null; });");
        Run other = running.client().run("System.out.println(\"another cell\");\ngate.countDown();\npool.submit(() -> 1).get();");
        assertEquals("another cell\n", other.stdout());
        Msg late = running.client().findIopub(m -> m.type().equals("stream") && m.content().path("text").asText().contains("after its cell"));
        assertEquals(later.reply().parentId(), late.parentId(), "a task still running after its cell writes into that cell");
        running.client().run("pool.shutdown(); forkJoin.shutdown(); timer.shutdown();");
    }

    @Test
    void oneCallStopsEverythingACellStarted() throws Exception {
        Run started = running.client().run("var spinner = Threads.start(\"spinner\", () -> { while (true) { Thread.sleep(5); } });\n"
                + "var stubborn = Threads.start(\"stubborn\", () -> { while (true) { try { Thread.sleep(5); } catch (InterruptedException e) { } } });\n"
                + "var sleeper = Processes.command(\"sleep\", \"600\");\n"
                + "var pool = Executors.newFixedThreadPool(1); pool.submit(() -> { Thread.sleep(600_000); return null; });");
        assertEquals("ok", started.status());
        int count = started.reply().content().path("execution_count").asInt();
        Run stop = running.client().run("Cells.stop(" + count + ")");
        String report = stop.result();
        assertTrue(report.contains("thread \"spinner\"") && report.contains("process " ), report);
        String alive = running.client().run("List.of(spinner.isAlive(), sleeper.isAlive(), pool.isTerminated())").result();
        assertEquals("[false, false, true]", alive, "threads and processes are gone, the pool shut down: " + report);
        String stubbornAlive = running.client().run("stubborn.isAlive()").result();
        boolean canForce = Runtime.version().feature() < 20;
        assertEquals(canForce ? "false" : "true", stubbornAlive, report);
        if (!canForce) {
            assertTrue(report.contains("Still running, ignoring interrupts: thread \"stubborn\""), report);
        }
        running.client().run("Cells.stopAll(); pool.shutdownNow();");
    }

    @Test
    void oneCallStopsTheVirtualThreadsACellStarted() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads are JDK 21+");
        Run started = running.client().run("var virtual = Thread.ofVirtual().name(\"virtual-sleeper\").start(() -> {\n"
                + "    try { while (true) Thread.sleep(5); } catch (InterruptedException e) { System.out.println(\"virtual stopped\"); }\n"
                + "});\n"
                + "var perTask = Executors.newVirtualThreadPerTaskExecutor();\n"
                + "perTask.submit(() -> { Thread.sleep(600_000); return null; });");
        assertEquals("ok", started.status(), started.iopub().toString());
        int count = started.reply().content().path("execution_count").asInt();
        Run stop = running.client().run("Cells.stop(" + count + ")");
        String report = stop.result();
        assertTrue(report != null && report.contains("virtual-sleeper"), stop.iopub().toString());
        assertEquals("false", running.client().run("virtual.isAlive()").result(), report);
        running.client().run("perTask.shutdownNow();");
    }

    @Test
    void everyLineOfFourThreadsArrivesWholeAndInOrder() throws Exception {
        int perThread = 25_000;
        Run run = running.client().run("Thread[] writers = new Thread[4];\n"
                + "for (int t = 0; t < 4; t++) { int id = t; writers[t] = new Thread(() -> { for (int i = 0; i < " + perThread + "; i++) System.out.println(\"t\" + id + \" line \" + i); }); }\n"
                + "for (Thread w : writers) w.start();\n"
                + "for (Thread w : writers) w.join();");
        Map<String, Integer> next = new HashMap<>();
        int total = 0;
        for (String line : run.stdout().split("\n")) {
            String[] parts = line.split(" line ");
            int expected = next.getOrDefault(parts[0], 0);
            assertEquals(expected, Integer.parseInt(parts[1]), "lines of " + parts[0] + " are whole and in order");
            next.put(parts[0], expected + 1);
            total++;
        }
        assertEquals(4 * perThread, total);
        long streamMessages = run.iopub().stream().filter(m -> m.type().equals("stream")).count();
        assertTrue(streamMessages < 200, "lines are batched, not one message each: " + streamMessages);
    }

    @Test
    void aFloodIsHeldBackInAFileAndTheCellSaysHowMuch() throws Exception {
        String id = running.client().execute("for (int i = 0; i < 10_000_000; i++) System.out.println(i);");
        running.client().nextIopub(m -> m.parentId().equals(id) && m.type().equals("execute_input"));
        String info = running.client().send(running.client().control(), "kernel_info_request", JupyterTestClient.content());
        assertEquals("kernel_info_reply", running.client().reply(running.client().control(), info).type(), "the kernel answers during the flood");
        assertEquals("ok", running.client().reply(running.client().shell(), id).content().path("status").asText());
        List<Msg> iopub = running.client().iopubUntilIdle(id);
        String shown = JupyterTestClient.streamText(iopub, "stdout");
        String notice = JupyterTestClient.streamText(iopub, "stderr");
        var matcher = java.util.regex.Pattern.compile("\\[([0-9,]+) more lines .* They are in (\\S+)\\]").matcher(notice);
        assertTrue(matcher.find(), notice);
        long held = Long.parseLong(matcher.group(1).replace(",", ""));
        java.nio.file.Path file = java.nio.file.Path.of(matcher.group(2));
        long shownLines = shown.chars().filter(c -> c == '\n').count();
        assertTrue(shownLines > 1000 && shown.length() <= 2_000_000, "the notebook shows a bounded part: " + shownLines);
        assertEquals(10_000_000, shownLines + held, "every line is either shown or counted");
        try (var lines = java.nio.file.Files.lines(file)) {
            assertEquals(held, lines.count());
        }
        try (var reader = new java.io.RandomAccessFile(file.toFile(), "r")) {
            reader.seek(reader.length() - 8);
            assertEquals("9999999", reader.readLine() + "", "the file ends with the last line");
        }
        java.nio.file.Files.delete(file);
        assertEquals("2", running.client().run("1 + 1").result());
    }

    @Test
    void aCellCanAskForEachLineToCarryItsSource() throws Exception {
        Run run = running.client().run("Output.labelSources();\n"
                + "Threads.joinAll(Threads.start(\"A\", () -> System.out.println(\"from a thread\")));\n"
                + "Processes.start(\"child\", () -> { System.out.println(\"from a process\"); return null; }).join();\n"
                + "Output.plain();\n"
                + "System.out.println(\"plain again\");");
        assertEquals(List.of("[A] from a thread", "[child] from a process", "plain again"), run.stdout().lines().toList());
    }

    @Test
    void aChildProcessWithInheritedOutputShowsInTheCell() throws Exception {
        Run run = running.client().run("new ProcessBuilder(\"echo\", \"from the child\").inheritIO().start().waitFor();");
        List<Msg> fromChild = new ArrayList<>(run.iopub());
        String text = JupyterTestClient.streamText(fromChild, "stdout");
        if (!text.contains("from the child")) {
            // The child's output travels through the executor's own stdout pipe and may land just after idle.
            Msg late = running.client().findIopub(m -> m.type().equals("stream") && m.content().path("text").asText().contains("from the child"));
            assertEquals(run.reply().parentId(), late.parentId());
        }
    }

    @Test
    void aThreadPoolMapsInACellWithItsOutputAProgressBarAndTimelineMarks() throws Exception {
        assertEquals("ok", running.client().run("var tpool = ThreadPool.create(2);").status());
        Run map = running.client().run("tpool.map(x -> { System.out.println(\"squaring \" + x); return x * x; }, List.of(1, 2, 3, 4))");
        assertEquals("[1, 4, 9, 16]", map.result(), map.iopub().toString());
        assertEquals(List.of("squaring 1", "squaring 2", "squaring 3", "squaring 4"), map.stdout().lines().sorted().toList(),
                "what the tasks print shows in the cell that ran the map");
        Run failed = running.client().run("tpool.map(x -> { if (x == 3) throw new IllegalArgumentException(\"three\"); return x; }, List.of(1, 2, 3, 4))");
        assertTrue(failed.error().content().path("ename").asText().endsWith("TaskFailedException"), failed.iopub().toString());
        String evalue = failed.error().content().path("evalue").asText();
        assertTrue(evalue.contains("task 2 of the map (input 3) failed: java.lang.IllegalArgumentException: three"), evalue);
        Run many = running.client().run("tpool.map(x -> x + 1, IntStream.range(0, 1000).boxed().toList()).size()");
        assertEquals("1000", many.result());
        assertTrue(many.iopub().stream().anyMatch(m -> m.type().equals("update_display_data")), "a long map shows a progress bar");
        Run timeline = running.client().run("Timeline.record(() -> tpool.map(x -> { Thread.sleep(100); return x; }, List.of(0, 1, 2, 3)))");
        String svg = timeline.iopub().stream().filter(m -> m.type().equals("execute_result")).findFirst().orElseThrow()
                .content().path("data").path("image/svg+xml").asText();
        for (int item = 0; item < 4; item++) {
            assertTrue(svg.matches("(?s).*<title>thread-pool-\\d+-worker-[01] ran item " + item + ", .*"),
                    "the timeline shows which worker ran item " + item + ":\n" + svg);
        }
        assertEquals("ok", running.client().run("tpool.close();").status());
    }
}
