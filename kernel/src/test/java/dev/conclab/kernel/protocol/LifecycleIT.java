package dev.conclab.kernel.protocol;

import static dev.conclab.kernel.testing.JupyterTestClient.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Interrupts, exits and shutdowns: the kernel stays up, says what happened, and leaves nothing behind. */
class LifecycleIT {
    @RegisterExtension
    final RunningKernel running = RunningKernel.perTest().warmUp("int kept = 7;");

    @ParameterizedTest
    @ValueSource(strings = {
        "while (true) { }",
        "Thread.sleep(600_000);",
        "new LinkedBlockingQueue<String>().take();",
        "Thread spinner = new Thread(() -> { while (true) { } });\nspinner.start();\nspinner.join();",
        // The holder says it holds the lock before the cell asks for it: the cell then surely waits.
        "var lock = new ReentrantLock();\nvar held = new CountDownLatch(1);\n"
            + "Thread holder = new Thread(() -> { lock.lock(); held.countDown(); while (true) { } });\nholder.start();\nheld.await();\nlock.lock();",
    })
    void anInterruptStopsTheCellAndKeepsTheState(String cell) throws Exception {
        String id = running.client().execute(cell);
        running.client().nextIopub(m -> m.parentId().equals(id) && m.type().equals("execute_input"));
        String interrupt = running.client().send(running.client().control(), "interrupt_request", content());
        assertEquals("interrupt_reply", running.client().reply(running.client().control(), interrupt).type());
        Msg reply = running.client().reply(running.client().shell(), id);
        assertEquals("error", reply.content().path("status").asText());
        running.client().iopubUntilIdle(id);
        assertEquals("7", running.client().run("kept").result(), "definitions made before the interrupt are kept");
    }

    /**
     * The executor keeps javac from re-reading every past cell's class and renews its contexts
     * every thousand cells (CompilerUpkeep): nothing a notebook defined may go missing with them.
     */
    @Test
    void aLongSessionKeepsEveryDefinitionAndStatementsKeepRunning() throws Exception {
        assertEquals("ok", running.client().run("int base = 5;\nint scaled(int n) { return n * base; }\nrecord Pair(int a, int b) {}").status());
        // The waiter's own classes load only once it is let go, after all the cells below.
        assertEquals("ok", running.client().run("var go = new CountDownLatch(1);\nvar later = new CompletableFuture<String>();\n"
                + "Threads.start(\"waiter\", () -> { go.await(); class Local { String say() { return \"local \" + base; } }\n"
                + "later.complete(new Local().say() + \" \" + new Object() { public String toString() { return \"anonymous\"; } }); });").status());
        for (int cell = 0; cell < 1_050; cell++) {
            Run run = running.client().run("System.out.println(" + cell + " + 1);");
            assertEquals((cell + 1) + "\n", run.stdout(), "cell " + cell);
        }
        assertEquals("\"local 5 anonymous\"", running.client().run("go.countDown();\nlater.get()").result());
        assertEquals("15", running.client().run("scaled(3)").result());
        assertEquals("Pair[a=1, b=2]", running.client().run("new Pair(1, 2)").result());
        assertEquals("ok", running.client().run("int scaled(int n) { return n * base * 2; }").status());
        assertEquals("30", running.client().run("scaled(3)").result());
        assertEquals("7", running.client().run("kept").result());
    }

    @Test
    void whileTheKernelWarmsUpTheNotebookSeesOnlyItsOwnThreads() throws Exception {
        // The warm-up runs typical cells in a JShell of its own between the first cells, with a
        // thread of its own for their code: it must not show among the notebook's threads.
        for (int cell = 0; cell < 40; cell++) {
            String report = running.client().run("System.out.print(ThreadReport.now())").stdout();
            assertEquals("Threads (0):\n", report, "cell " + cell + " after the start");
        }
    }

    @Test
    void anInterruptedDeadlockShowsWhoWaitsForWhom() throws Exception {
        String id = running.client().execute("Object left = new Object();\n"
                + "Object right = new Object();\n"
                + "var bothHoldOne = new CountDownLatch(2);\n"
                + "Thread one = Threads.start(\"one\", () -> { synchronized (left) { bothHoldOne.countDown(); bothHoldOne.await(); synchronized (right) { } } });\n"
                + "Thread two = Threads.start(\"two\", () -> { synchronized (right) { bothHoldOne.countDown(); bothHoldOne.await(); synchronized (left) { } } });\n"
                + "while (one.getState() != Thread.State.BLOCKED || two.getState() != Thread.State.BLOCKED) { Thread.onSpinWait(); }\n"
                + "System.out.println(\"deadlocked: \" + ThreadReport.now().hasDeadlock());\n"
                + "Threads.joinAll(one, two);");
        Msg deadlocked = running.client().nextIopub(m -> m.parentId().equals(id) && m.type().equals("stream"));
        assertEquals("deadlocked: true\n", deadlocked.content().path("text").asText(), "ThreadReport.now() names the deadlock");
        running.client().send(running.client().control(), "interrupt_request", content());
        running.client().reply(running.client().shell(), id);
        String shown = JupyterTestClient.streamText(running.client().iopubUntilIdle(id), "stderr");
        assertTrue(shown.contains("Interrupted. The threads were doing this:"), shown);
        assertTrue(shown.contains("\"one\" BLOCKED waiting for Object@") && shown.contains("held by \"two\""), shown);
        assertTrue(shown.contains("Deadlock: "), shown);
    }

    @Test
    void anInterruptStopsOnlyTheRunningCellNotThreadsOfEarlierCells() throws Exception {
        assertEquals("ok", running.client().run("var ticks = new AtomicInteger();\n"
                + "var ticker = Threads.start(\"ticker\", () -> { while (true) { ticks.incrementAndGet(); Thread.sleep(20); } });").status());
        String id = running.client().execute("while (true) { Thread.onSpinWait(); }");
        running.client().nextIopub(m -> m.parentId().equals(id) && m.type().equals("execute_input"));
        String interrupt = running.client().send(running.client().control(), "interrupt_request", content());
        running.client().reply(running.client().control(), interrupt);
        assertEquals("error", running.client().reply(running.client().shell(), id).content().path("status").asText());
        running.client().iopubUntilIdle(id);
        Run after = running.client().run("int seen = ticks.get();\nwhile (ticks.get() < seen + 3) Thread.sleep(10);\nticker.isAlive()");
        assertEquals("true", after.result(), after.iopub().toString());
        running.client().run("Cells.stopAll();");
    }

    @Test
    void sigintToTheKernelInterruptsTheCellLikeAMessage() throws Exception {
        String id = running.client().execute("while (true) { }");
        running.client().nextIopub(m -> m.parentId().equals(id) && m.type().equals("execute_input"));
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(running.kernel().process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertEquals("error", running.client().reply(running.client().shell(), id).content().path("status").asText());
        running.client().iopubUntilIdle(id);
        assertEquals("7", running.client().run("kept").result());
    }

    @Test
    void interruptedThreadsReallyStop() throws Exception {
        String id = running.client().execute("Thread spinner = new Thread(() -> { while (true) { } }, \"spinner\");\nspinner.start();\nspinner.join();");
        running.client().nextIopub(m -> m.parentId().equals(id) && m.type().equals("execute_input"));
        running.client().send(running.client().control(), "interrupt_request", content());
        running.client().reply(running.client().shell(), id);
        running.client().iopubUntilIdle(id);
        // The cell may have been stopped by replacing its JVM; either way no spinner may be left running.
        Run check = running.client().run("Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(\"spinner\")).peek(t -> { try { t.join(5000); } catch (InterruptedException e) { } }).anyMatch(Thread::isAlive)");
        assertEquals("false", check.result());
    }

    @Test
    void runtimeHaltEndsOnlyTheExecutorAndTheNextCellStartsFresh() throws Exception {
        // System.exit ends only the cell's program (PlainJavaIT); halt ends the JVM at once.
        java.nio.file.Path directory = executorDirectory();
        Run exit = running.client().run("System.out.println(\"before halt\");\nRuntime.getRuntime().halt(5);");
        assertEquals("error", exit.status());
        assertTrue(exit.stdout().contains("before halt"), "output written before the halt is kept");
        String evalue = exit.error().content().path("evalue").asText();
        assertTrue(evalue.contains("exit code 5") && evalue.contains("Runtime.halt"), evalue);

        String info = running.client().send(running.client().control(), "kernel_info_request", content());
        assertEquals("kernel_info_reply", running.client().reply(running.client().control(), info).type());
        Run next = running.client().run("1 + 1");
        assertEquals("2", next.result());
        // What the new executor JVM wrote of itself would show in the latest cell, late.
        assertEquals(List.of(), running.client().passedOver(m -> m.type().equals("stream")
                && m.parentId().equals(exit.reply().parentId()) && !m.content().path("text").asText().contains("before halt")));
        assertEquals("", next.stdout(), "nothing the new JVM says of itself reaches the cell");
        assertEquals(1, next.stderr().lines().filter(l -> l.contains("state was reset")).count(), next.stderr());
        assertEquals("error", running.client().run("kept").status(), "earlier definitions are gone");
        assertGone(directory);
    }

    @Test
    void runtimeHaltAlsoEndsTheProgramsTheNotebookStarted() throws Exception {
        // A program a cell started (not a child JVM, which ends with the executor by itself) is
        // ended with the halting JVM: after the halt it would be nobody's to stop.
        String pid = running.client().run("Process sleeper = new ProcessBuilder(\"sleep\", \"600\").start();\nsleeper.pid()").result();
        ProcessHandle sleeper = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
        Run halt = running.client().run("Runtime.getRuntime().halt(3);");
        assertEquals("error", halt.status());
        String evalue = halt.error().content().path("evalue").asText();
        assertTrue(evalue.contains("Runtime.halt(3)") && evalue.contains("exit code 3"), evalue);
        try {
            sleeper.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            sleeper.destroyForcibly();
            throw new AssertionError("the program the halted notebook started still runs: pid " + pid, e);
        }
        assertEquals("2", running.client().run("1 + 1").result());
    }

    /** The private directory of the running executor: its socket and its cell classes. */
    private java.nio.file.Path executorDirectory() throws Exception {
        String path = running.client().run("Path.of(System.getProperty(\"conclab.cell.classes\")).getParent().toString()").result();
        java.nio.file.Path directory = java.nio.file.Path.of(path.replace("\"", ""));
        assertTrue(java.nio.file.Files.isDirectory(directory), path);
        return directory;
    }

    private static void assertGone(java.nio.file.Path directory) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (java.nio.file.Files.exists(directory) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(java.nio.file.Files.exists(directory), "the executor's directory is deleted with it: " + directory);
    }

    @Test
    void heapExhaustionIsReportedAndTheKernelCarriesOn() throws Exception {
        Run oom = running.client().run("List<long[]> hog = new ArrayList<>();\nwhile (true) { hog.add(new long[10_000_000]); }");
        assertEquals("error", oom.status());
        String said = oom.error().content().path("evalue").asText() + oom.stderr() + oom.stdout();
        assertTrue(said.contains("memory") || said.contains("OutOfMemoryError"), said);
        assertEquals("2", running.client().run("1 + 1").result());
    }

    @Test
    void aJvmCrashIsReportedWithWhereItsReportIs() throws Exception {
        Run crash = running.client().run("var field = sun.misc.Unsafe.class.getDeclaredField(\"theUnsafe\");\n"
                + "field.setAccessible(true);\n"
                + "((sun.misc.Unsafe) field.get(null)).putAddress(0, 42);");
        assertEquals("ExecutorDied", crash.error().content().path("ename").asText());
        String evalue = crash.error().content().path("evalue").asText();
        assertTrue(evalue.contains("crashed") && evalue.contains("conclab-executor-crash-"), evalue);
        java.nio.file.Path report = java.nio.file.Path.of(evalue.substring(evalue.indexOf("/")));
        // HotSpot writes the report readable by everyone; it must sit in a directory only this user can open.
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(report.getParent())), "the crash report's directory");
        java.nio.file.Files.deleteIfExists(report);
        java.nio.file.Files.deleteIfExists(report.getParent());
        assertEquals("2", running.client().run("1 + 1").result());
    }

    @Test
    void stackOverflowIsAnOrdinaryErrorAndKeepsTheState() throws Exception {
        running.client().run("int down(int n) { return down(n + 1) + 1; }");
        Run overflow = running.client().run("down(0)");
        assertEquals("java.lang.StackOverflowError", overflow.error().content().path("ename").asText());
        assertTrue(overflow.error().content().path("traceback").size() < 40, "the trace is trimmed");
        assertEquals("7", running.client().run("kept").result());
    }

    @Test
    void shutdownWithRestartRepliesAndEndsKernelAndExecutor() throws Exception {
        java.nio.file.Path directory = executorDirectory();
        List<ProcessHandle> children = running.kernel().process.descendants().toList();
        assertFalse(children.isEmpty(), "the executor runs as a child of the kernel");
        String id = running.client().send(running.client().control(), "shutdown_request", content().put("restart", true));
        Msg reply = running.client().reply(running.client().control(), id);
        assertTrue(reply.content().path("restart").asBoolean());
        assertTrue(running.kernel().awaitExit(Duration.ofSeconds(20)), "the kernel exits after a shutdown request");
        for (ProcessHandle child : children) {
            child.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertGone(directory);
    }
}
