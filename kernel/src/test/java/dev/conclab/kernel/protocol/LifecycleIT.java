package dev.conclab.kernel.protocol;

import static dev.conclab.kernel.testing.JupyterTestClient.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.KernelProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Interrupts, exits and shutdowns: the kernel stays up, says what happened, and leaves nothing behind. */
class LifecycleIT {
    private KernelProcess kernel;
    private JupyterTestClient client;

    @BeforeEach
    void start() throws Exception {
        kernel = KernelProcess.start();
        client = new JupyterTestClient(kernel);
        assertEquals("ok", client.run("int kept = 7;").status(), kernel.log());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        kernel.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "while (true) { }",
        "Thread.sleep(600_000);",
        "new LinkedBlockingQueue<String>().take();",
        "Thread spinner = new Thread(() -> { while (true) { } });\nspinner.start();\nspinner.join();",
        "var lock = new ReentrantLock();\nThread holder = new Thread(() -> { lock.lock(); while (true) { } });\nholder.start();\nThread.sleep(200);\nlock.lock();",
    })
    void anInterruptStopsTheCellAndKeepsTheState(String cell) throws Exception {
        String id = client.execute(cell);
        client.nextIopub(m -> m.parentId().equals(id) && m.type().equals("execute_input"));
        String interrupt = client.send(client.control(), "interrupt_request", content());
        assertEquals("interrupt_reply", client.reply(client.control(), interrupt).type());
        Msg reply = client.reply(client.shell(), id);
        assertEquals("error", reply.content().path("status").asText());
        client.iopubUntilIdle(id);
        assertEquals("7", client.run("kept").result(), "definitions made before the interrupt are kept");
    }

    @Test
    void anInterruptedDeadlockShowsWhoWaitsForWhom() throws Exception {
        String id = client.execute("Object left = new Object();\n"
                + "Object right = new Object();\n"
                + "var bothHoldOne = new CountDownLatch(2);\n"
                + "Thread one = Threads.start(\"one\", () -> { synchronized (left) { bothHoldOne.countDown(); bothHoldOne.await(); synchronized (right) { } } });\n"
                + "Thread two = Threads.start(\"two\", () -> { synchronized (right) { bothHoldOne.countDown(); bothHoldOne.await(); synchronized (left) { } } });\n"
                + "while (one.getState() != Thread.State.BLOCKED || two.getState() != Thread.State.BLOCKED) { Thread.onSpinWait(); }\n"
                + "System.out.println(\"deadlocked: \" + ThreadReport.now().hasDeadlock());\n"
                + "Threads.joinAll(one, two);");
        Msg deadlocked = client.nextIopub(m -> m.parentId().equals(id) && m.type().equals("stream"));
        assertEquals("deadlocked: true\n", deadlocked.content().path("text").asText(), "ThreadReport.now() names the deadlock");
        client.send(client.control(), "interrupt_request", content());
        client.reply(client.shell(), id);
        String shown = JupyterTestClient.streamText(client.iopubUntilIdle(id), "stderr");
        assertTrue(shown.contains("Interrupted. The threads were doing this:"), shown);
        assertTrue(shown.contains("\"one\" BLOCKED waiting for Object@") && shown.contains("held by \"two\""), shown);
        assertTrue(shown.contains("Deadlock: "), shown);
    }

    @Test
    void anInterruptStopsOnlyTheRunningCellNotThreadsOfEarlierCells() throws Exception {
        assertEquals("ok", client.run("var ticks = new AtomicInteger();\n"
                + "var ticker = Threads.start(\"ticker\", () -> { while (true) { ticks.incrementAndGet(); Thread.sleep(20); } });").status());
        String id = client.execute("while (true) { Thread.onSpinWait(); }");
        client.nextIopub(m -> m.parentId().equals(id) && m.type().equals("execute_input"));
        String interrupt = client.send(client.control(), "interrupt_request", content());
        client.reply(client.control(), interrupt);
        assertEquals("error", client.reply(client.shell(), id).content().path("status").asText());
        client.iopubUntilIdle(id);
        Run after = client.run("int seen = ticks.get();\nwhile (ticks.get() < seen + 3) Thread.sleep(10);\nticker.isAlive()");
        assertEquals("true", after.result(), after.iopub().toString());
        client.run("Cells.stopAll();");
    }

    @Test
    void sigintToTheKernelInterruptsTheCellLikeAMessage() throws Exception {
        String id = client.execute("while (true) { }");
        client.nextIopub(m -> m.parentId().equals(id) && m.type().equals("execute_input"));
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(kernel.process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertEquals("error", client.reply(client.shell(), id).content().path("status").asText());
        client.iopubUntilIdle(id);
        assertEquals("7", client.run("kept").result());
    }

    @Test
    void interruptedThreadsReallyStop() throws Exception {
        String id = client.execute("Thread spinner = new Thread(() -> { while (true) { } }, \"spinner\");\nspinner.start();\nspinner.join();");
        client.nextIopub(m -> m.parentId().equals(id) && m.type().equals("execute_input"));
        client.send(client.control(), "interrupt_request", content());
        client.reply(client.shell(), id);
        client.iopubUntilIdle(id);
        // The cell may have been stopped by replacing its JVM; either way no spinner may be left running.
        Run check = client.run("Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(\"spinner\")).peek(t -> { try { t.join(5000); } catch (InterruptedException e) { } }).anyMatch(Thread::isAlive)");
        assertEquals("false", check.result());
    }

    @Test
    void systemExitEndsOnlyTheExecutorAndTheNextCellStartsFresh() throws Exception {
        java.nio.file.Path directory = executorDirectory();
        Run exit = client.run("System.out.println(\"before exit\");\nSystem.exit(3);");
        assertEquals("error", exit.status());
        assertTrue(exit.stdout().contains("before exit"), "output written before the exit is kept");
        String evalue = exit.error().content().path("evalue").asText();
        assertTrue(evalue.contains("System.exit") && evalue.contains("exit code 3") && evalue.contains("line 2"), evalue);

        String info = client.send(client.control(), "kernel_info_request", content());
        assertEquals("kernel_info_reply", client.reply(client.control(), info).type());
        Run next = client.run("1 + 1");
        assertEquals("2", next.result());
        assertEquals(1, next.stderr().lines().filter(l -> l.contains("state was reset")).count(), next.stderr());
        assertEquals("error", client.run("kept").status(), "earlier definitions are gone");
        assertGone(directory);
    }

    /** The private directory of the running executor: its socket and its cell classes. */
    private java.nio.file.Path executorDirectory() throws Exception {
        String path = client.run("Path.of(System.getProperty(\"conclab.cell.classes\")).getParent().toString()").result();
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
    void runtimeHaltIsReportedWithItsExitCode() throws Exception {
        Run halt = client.run("Runtime.getRuntime().halt(5);");
        assertTrue(halt.error().content().path("evalue").asText().contains("exit code 5"), halt.error().toString());
        assertEquals("2", client.run("1 + 1").result());
    }

    @Test
    void heapExhaustionIsReportedAndTheKernelCarriesOn() throws Exception {
        Run oom = client.run("List<long[]> hog = new ArrayList<>();\nwhile (true) { hog.add(new long[10_000_000]); }");
        assertEquals("error", oom.status());
        String said = oom.error().content().path("evalue").asText() + oom.stderr() + oom.stdout();
        assertTrue(said.contains("memory") || said.contains("OutOfMemoryError"), said);
        assertEquals("2", client.run("1 + 1").result());
    }

    @Test
    void aJvmCrashIsReportedWithWhereItsReportIs() throws Exception {
        Run crash = client.run("var field = sun.misc.Unsafe.class.getDeclaredField(\"theUnsafe\");\n"
                + "field.setAccessible(true);\n"
                + "((sun.misc.Unsafe) field.get(null)).putAddress(0, 42);");
        assertEquals("ExecutorDied", crash.error().content().path("ename").asText());
        String evalue = crash.error().content().path("evalue").asText();
        assertTrue(evalue.contains("crashed") && evalue.contains("conclab-executor-crash-"), evalue);
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(evalue.substring(evalue.indexOf("/"))));
        assertEquals("2", client.run("1 + 1").result());
    }

    @Test
    void stackOverflowIsAnOrdinaryErrorAndKeepsTheState() throws Exception {
        client.run("int down(int n) { return down(n + 1) + 1; }");
        Run overflow = client.run("down(0)");
        assertEquals("java.lang.StackOverflowError", overflow.error().content().path("ename").asText());
        assertTrue(overflow.error().content().path("traceback").size() < 40, "the trace is trimmed");
        assertEquals("7", client.run("kept").result());
    }

    @Test
    void shutdownWithRestartRepliesAndEndsKernelAndExecutor() throws Exception {
        java.nio.file.Path directory = executorDirectory();
        List<ProcessHandle> children = kernel.process.descendants().toList();
        assertFalse(children.isEmpty(), "the executor runs as a child of the kernel");
        String id = client.send(client.control(), "shutdown_request", content().put("restart", true));
        Msg reply = client.reply(client.control(), id);
        assertTrue(reply.content().path("restart").asBoolean());
        assertTrue(kernel.awaitExit(Duration.ofSeconds(20)), "the kernel exits after a shutdown request");
        for (ProcessHandle child : children) {
            child.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertGone(directory);
    }
}
