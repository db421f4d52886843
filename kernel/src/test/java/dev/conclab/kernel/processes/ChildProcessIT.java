package dev.conclab.kernel.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Child JVMs run the notebook's own code, stream into the cell, and never outlive the kernel. */
class ChildProcessIT {
    @RegisterExtension
    final RunningKernel running = RunningKernel.perTest().warmUp("int square(int x) { System.out.println(\"child computing \" + x); return x * x; }");

    @Test
    void aChildRunsANotebookMethodAndReturnsItsResult() throws Exception {
        Run run = running.client().run("var child = Processes.start(\"sq\", () -> square(7));\nchild.result()");
        assertEquals("49", run.result(), run.iopub().toString());
        assertEquals("child computing 7\n", run.stdout());
    }

    @Test
    void theNextChildIsTheSpareStartedAheadWithTheNotebooksStateAndStopAllEndsTheSpare() throws Exception {
        running.client().run("int base = 40;");
        assertEquals("49", running.client().run("Processes.start(() -> square(7)).result()").result());
        List<ProcessHandle> spares = spares();
        assertEquals(1, spares.size(), "the first child started one spare: " + spares);
        Run second = running.client().run("var second = Processes.start(\"second\", () -> square(base - 33));\n"
                + "second.result() + \" \" + second.pid()");
        assertEquals("\"49 " + spares.get(0).pid() + "\"", second.result(), second.iopub().toString());
        assertEquals("child computing 7\n", second.stdout(), "the spare's output streams into the cell");
        List<ProcessHandle> next = spares();
        assertEquals(1, next.size(), "the spare taken was replaced: " + next);
        assertEquals("ok", running.client().run("Cells.stopAll();").status());
        next.get(0).onExit().get(10, TimeUnit.SECONDS);
    }

    /** The executor's child JVMs that wait for a task ({@code ChildMain --spare}). */
    private List<ProcessHandle> spares() {
        return running.kernel().process.descendants()
                .filter(p -> p.isAlive() && List.of(p.info().arguments().orElse(new String[0])).contains("--spare"))
                .toList();
    }

    @Test
    void aChildReturnsRecordsDefinedInTheNotebook() throws Exception {
        running.client().run("record Point(int x, int y) implements Serializable {}");
        assertEquals("Point[x=1, y=2]", running.client().run("Processes.start(() -> new Point(1, 2)).result()").result());
    }

    @Test
    void aChildSeesAVariableDeclaredAgainWithItsLastValue() throws Exception {
        running.client().run("int level = 1;");
        running.client().run("int level = 2;");
        running.client().run("String note = \"kept\";");
        running.client().run("int level = 3;");
        assertEquals("\"3 kept\"", running.client().run("Processes.start(() -> level + \" \" + note).result()").result());
    }

    @Test
    void aChildGetsTheVariablesItsTaskReadsAlsoThroughANotebookMethodAndNoOthers() throws Exception {
        running.client().run("class Noisy implements Serializable {\n"
                + "    final String name;\n"
                + "    Noisy(String name) { this.name = name; }\n"
                + "    private void readObject(java.io.ObjectInputStream in) throws Exception {\n"
                + "        in.defaultReadObject();\n"
                + "        System.out.println(\"restored \" + name);\n"
                + "    }\n"
                + "}");
        running.client().run("var unread = new Noisy(\"unread\");");
        running.client().run("var read = new Noisy(\"read\");");
        running.client().run("String nameOfRead() { return read.name; }");
        Run run = running.client().run("Processes.start(() -> nameOfRead()).result()");
        assertEquals("\"read\"", run.result(), run.iopub().toString());
        assertEquals("restored read\n", run.stdout(), "only the variable the task reads, through a method, is copied into the child");
    }

    @Test
    void aFailingChildShowsItsExceptionAndStackTrace() throws Exception {
        Run run = running.client().run("Processes.start(\"bad\", () -> { throw new IllegalStateException(\"broken\"); }).result()");
        String evalue = run.error().content().path("evalue").asText();
        assertEquals("dev.conclab.runtime.processes.ChildFailedException", run.error().content().path("ename").asText());
        assertTrue(evalue.contains("\"bad\" failed: java.lang.IllegalStateException: broken"), evalue);
        StringBuilder traceback = new StringBuilder();
        run.error().content().path("traceback").forEach(line -> traceback.append(line.asText()).append('\n'));
        assertTrue(traceback.toString().replaceAll("\u001b\\[[0-9;]*m", "").contains("Caused by: java.lang.IllegalStateException: broken"),
                "the cause is the child's exception, with its stack trace: " + traceback);
    }

    @Test
    void theSeedsFourProcessesInterleaveLiveInTheCell(@TempDir Path gateDirectory) throws Exception {
        Path gate = gateDirectory.resolve("finish");
        // The seed's worker sleeps a second, hoping the four have started by then; here each one
        // waits until the test has seen all four start lines, however slowly child JVMs start.
        running.client().run("void worker(int num) throws InterruptedException {\n"
                + "    System.out.println(\"Process \" + num + \": Starting\");\n"
                + "    var gate = Path.of(\"" + gate + "\");\n"
                + "    long until = System.nanoTime() + 60_000_000_000L;\n"
                + "    while (!Files.exists(gate) && System.nanoTime() < until) { Thread.sleep(20); }\n"
                + "    System.out.println(\"Process \" + num + \": Finishing\");\n"
                + "}");
        JupyterTestClient client = running.client();
        String id = client.execute("List<ChildProcess<Object>> processes = new ArrayList<>();\n"
                + "for (int i = 0; i < 4; i++) { int num = i; processes.add(Processes.start(\"p\" + i, () -> { worker(num); return null; })); }\n"
                + "Processes.joinAll(processes);\n"
                + "System.out.println(\"All processes completed.\");");
        List<Msg> iopub = new ArrayList<>();
        while (JupyterTestClient.streamText(iopub, "stdout").lines().filter(l -> l.endsWith("Starting")).count() < 4) {
            iopub.add(client.nextIopub(m -> m.parentId().equals(id)));
        }
        Files.createFile(gate);
        assertEquals("ok", client.reply(client.shell(), id).content().path("status").asText());
        iopub.addAll(client.iopubUntilIdle(id));
        List<String> lines = JupyterTestClient.streamText(iopub, "stdout").lines().toList();
        assertEquals(9, lines.size(), lines.toString());
        assertTrue(lines.subList(0, 4).stream().allMatch(l -> l.endsWith("Starting")), "the start lines arrive live: " + lines);
        assertEquals(List.of("Process 0: Finishing", "Process 1: Finishing", "Process 2: Finishing", "Process 3: Finishing"),
                lines.subList(4, 8).stream().sorted().toList());
        assertEquals("All processes completed.", lines.get(8));
    }

    @Test
    void anOsCommandStreamsItsOutputAndGivesItsExitCode() throws Exception {
        Run run = running.client().run("Processes.command(\"bash\", \"-c\", \"echo from bash; exit 3\").result()");
        assertEquals("from bash\n", run.stdout());
        assertEquals("3", run.result());
    }

    @Test
    void aTimelineChartsThreadsAndProcessesAsAnImage() throws Exception {
        Run run = running.client().run("Timeline.record(() -> {\n"
                + "    var a = Threads.start(\"A\", () -> Thread.sleep(400));\n"
                + "    var p = Processes.start(\"P\", () -> { Thread.sleep(400); return null; });\n"
                + "    a.join();\n"
                + "    p.join();\n"
                + "})");
        var result = run.iopub().stream().filter(m -> m.type().equals("execute_result")).findFirst().orElseThrow();
        String svg = result.content().path("data").path("image/svg+xml").asText();
        assertTrue(svg.startsWith("<svg") && svg.contains(">A</text>") && svg.contains(">P (process)</text>"), svg);
        assertTrue(svg.contains("<title>A: sleeping"), svg);
    }

    @Test
    void aProcessPoolMapsInInputOrderAndNamesAFailedTask() throws Exception {
        running.client().run("var pool = ProcessPool.create(2);");
        Run map = running.client().run("pool.map(x -> square(x), List.of(1, 2, 3, 4, 5))");
        assertEquals("[1, 4, 9, 16, 25]", map.result());
        assertEquals(List.of("child computing 1", "child computing 2", "child computing 3", "child computing 4", "child computing 5"),
                map.stdout().lines().sorted().toList(), "what the workers print shows in the cell");
        Run failed = running.client().run("pool.map(x -> { if (x == 3) throw new IllegalArgumentException(\"three\"); return x; }, List.of(1, 2, 3, 4))");
        String evalue = failed.error().content().path("evalue").asText();
        assertTrue(evalue.matches("task 2 of the map \\(input 3\\) failed in pool-worker-[01]: java.lang.IllegalArgumentException: three"), evalue);
        Run quick = running.client().run("pool.map(x -> x + 1, IntStream.range(0, 1000).boxed().toList()).size()");
        assertEquals("1000", quick.result());
        // 100 inputs of 5 ms on 2 workers take at least 250 ms, past the 100 ms after which a map shows its bar.
        Run many = running.client().run("pool.map(x -> { Thread.sleep(5); return x + 1; }, IntStream.range(0, 100).boxed().toList()).size()");
        assertEquals("100", many.result());
        assertTrue(many.iopub().stream().anyMatch(m -> m.type().equals("update_display_data")), "a long map shows a progress bar");
        Run some = running.client().run("pool.map(x -> { if (x % 25 == 0) System.out.println(\"quarter \" + x); return x; },"
                + " IntStream.range(0, 100).boxed().toList()).size()");
        assertEquals("100", some.result(), some.iopub().toString());
        assertEquals(List.of("quarter 0", "quarter 25", "quarter 50", "quarter 75"), some.stdout().lines().sorted().toList(),
                "the chunks that print show their output, those that do not are not waited for");
        Run unended = running.client().run("pool.submit(() -> { System.out.print(\"no newline\"); return 1; }).get()");
        assertEquals("1", unended.result(), unended.iopub().toString());
        assertEquals("no newline\n", unended.stdout(), "output without a line end still shows before the result");
        Run timeline = running.client().run("Timeline.record(() -> pool.map(x -> { Thread.sleep(100); return x; }, List.of(0, 1, 2, 3)))");
        String svg = timeline.iopub().stream().filter(m -> m.type().equals("execute_result")).findFirst().orElseThrow()
                .content().path("data").path("image/svg+xml").asText();
        for (int item = 0; item < 4; item++) {
            assertTrue(svg.matches("(?s).*<title>pool-worker-[01] \\(process\\) ran item " + item + ", .*"),
                    "the timeline shows which worker ran item " + item + ":\n" + svg);
        }
        running.client().run("pool.close();");
    }

    @Test
    void sharedMemoryAndAProcessLockHoldAcrossChildProcesses() throws Exception {
        Run run = running.client().run("var atomic = SharedCounter.create();\n"
                + "var guarded = SharedCounter.create();\n"
                + "var lock = ProcessLock.create();\n"
                + "List<ChildProcess<Object>> children = new ArrayList<>();\n"
                + "for (int c = 0; c < 2; c++) {\n"
                + "    children.add(Processes.start(\"adder-\" + c, () -> {\n"
                + "        for (int i = 0; i < 20_000; i++) {\n"
                + "            atomic.incrementAndGet();\n"
                + "            lock.locked(() -> guarded.set(guarded.get() + 1));\n"
                + "        }\n"
                + "        return null;\n"
                + "    }));\n"
                + "}\n"
                + "for (var child : children) child.result();\n"
                + "atomic.get() + \" \" + guarded.get()");
        assertEquals("\"40000 40000\"", run.result(), run.iopub().toString());
    }

    @Test
    void fourChildrenCountInAManagerMapAndAppendToAManagerList() throws Exception {
        running.client().run("record Done(String who) implements Serializable {}");
        Run run = running.client().run("ProcessMap<String, Long> counts = Manager.map();\n"
                + "ProcessList<Done> log = Manager.list();\n"
                + "List<ChildProcess<Object>> children = new ArrayList<>();\n"
                + "for (int c = 0; c < 4; c++) {\n"
                + "    String name = \"counter-\" + c;\n"
                + "    children.add(Processes.start(name, () -> {\n"
                + "        for (int i = 0; i < 100; i++) counts.merge(\"total\", 1L, Long::sum);\n"
                + "        log.add(new Done(name));\n"
                + "        return null;\n"
                + "    }));\n"
                + "}\n"
                + "for (var child : children) child.result();\n"
                + "System.out.println(\"total \" + counts.get(\"total\") + \", list size \" + log.size());\n"
                + "log.toList().stream().map(Done::who).sorted().toList()");
        assertEquals("total 400, list size 4\n", run.stdout(), run.iopub().toString());
        assertEquals("[counter-0, counter-1, counter-2, counter-3]", run.result(), "records of the notebook cross both ways");
        Run shown = running.client().run("counts");
        assertEquals("{total=400}", shown.result(), "a cell ending with the map shows its entries");
    }

    @Test
    void theSeedsQueuePipeAndSemaphoreWorkBetweenChildProcesses() throws Exception {
        Run queue = running.client().run("var queue = ProcessQueue.<String>create();\n"
                + "var producer = Processes.start(\"producer\", () -> { queue.put(\"Data from producer\"); return null; });\n"
                + "var consumer = Processes.start(\"consumer\", () -> { System.out.println(\"Consumer received: \" + queue.take()); return null; });\n"
                + "producer.result();\n"
                + "consumer.result();");
        assertEquals("Consumer received: Data from producer\n", queue.stdout(), queue.iopub().toString());

        Run pipe = running.client().run("var pipe = ProcessPipe.create();\n"
                + "var sender = Processes.start(\"sender\", () -> { pipe.left().send(\"Hello from sender\"); return pipe.left().receive(); });\n"
                + "var receiver = Processes.start(\"receiver\", () -> { System.out.println(\"Receiver got: \" + pipe.right().receive()); pipe.right().send(\"thanks\"); return null; });\n"
                + "receiver.result();\n"
                + "sender.result()");
        assertEquals("Receiver got: Hello from sender\n", pipe.stdout());
        assertEquals("\"thanks\"", pipe.result(), "the pipe works both ways");

        Run semaphore = running.client().run("var permits = ProcessSemaphore.create(2);\n"
                + "var inside = SharedCounter.create();\n"
                + "var most = SharedCounter.create();\n"
                + "List<ChildProcess<Object>> tasks = new ArrayList<>();\n"
                + "for (int i = 0; i < 4; i++) tasks.add(Processes.start(\"task-\" + i, () -> {\n"
                + "    permits.withPermit(() -> {\n"
                + "        long now = inside.incrementAndGet();\n"
                + "        synchronized (ProcessSemaphore.class) { if (now > most.get()) most.set(now); }\n"
                + "        Thread.sleep(300);\n"
                + "        inside.set(inside.get() - 1);\n"
                + "    });\n"
                + "    return null;\n"
                + "}));\n"
                + "for (var task : tasks) task.result();\n"
                + "most.get() <= 2");
        assertEquals("true", semaphore.result(), semaphore.iopub().toString());
    }

    @Test
    void childrenExitWhenTheKernelIsKilled() throws Exception {
        Run run = running.client().run("var sleeper = Processes.start(\"sleeper\", () -> { Thread.sleep(600_000); return null; });\n"
                + "var command = Processes.command(\"sleep\", \"600\");\n"
                + "sleeper.pid()");
        long childPid = Long.parseLong(run.result());
        ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
        List<ProcessHandle> everything = running.kernel().process.descendants().toList();
        running.kernel().process.destroyForcibly();
        child.onExit().get(10, TimeUnit.SECONDS);
        for (ProcessHandle process : everything) {
            process.onExit().get(10, TimeUnit.SECONDS);
        }
    }
}
