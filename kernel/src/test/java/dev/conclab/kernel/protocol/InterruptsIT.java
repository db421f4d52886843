package dev.conclab.kernel.protocol;

import static dev.conclab.kernel.testing.JupyterTestClient.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Interrupts at any moment: before the executor is ready, a cell is cancelled without ending it;
 * when code really will not stop, the message says what the executor saw, and nothing more.
 */
class InterruptsIT {
    @RegisterExtension
    final RunningKernel running = RunningKernel.perTest();

    @Test
    void anInterruptWhileTheExecutorStartsCancelsTheCellAndKeepsTheExecutor() throws Exception {
        JupyterTestClient client = running.client();
        // No cell has run: the executor is still starting or warming javac up (seconds), while
        // the kernel already answers. Subscribed first, so that no iopub message is missed.
        client.nextIopub(m -> m.type().equals("iopub_welcome"));
        String id = client.execute("int early = 1;\nThread.sleep(600_000);");
        client.nextIopub(m -> m.parentId().equals(id) && m.type().equals("execute_input"));
        long executorPid = running.kernel().process.children().findFirst().orElseThrow().pid();
        String interrupt = client.send(client.control(), "interrupt_request", content());
        assertEquals("interrupt_reply", client.reply(client.control(), interrupt).type());

        Msg reply = client.reply(client.shell(), id);
        assertEquals("error", reply.content().path("status").asText(), reply.toString());
        assertTrue(reply.content().path("evalue").asText().contains("interrupted before it started"), reply.toString());
        String stderr = JupyterTestClient.streamText(client.iopubUntilIdle(id), "stderr");
        assertFalse(stderr.contains("Interrupted. The threads were doing this"), "nothing ran, so there is no thread to show: " + stderr);

        Run next = client.run("ProcessHandle.current().pid()");
        assertEquals(Long.toString(executorPid), next.result(), "the same executor runs the next cell: " + next.iopub());
        assertFalse(next.stderr().contains("state was reset"), next.stderr());
        assertEquals("error", client.run("early").status(), "none of the interrupted cell ran");
        assertEquals("ok", client.run("int kept = 7;").status());
        assertEquals("7", client.run("kept").result());
    }

    @Test
    void codeThatWillNotStopEndsItsJvmAndTheMessageNamesTheSynchronizedWaitItSaw() throws Exception {
        running.client().nextIopub(m -> m.type().equals("iopub_welcome"));
        assertEquals("ok", running.client().run("Object lock = new Object();\nvar holding = new CountDownLatch(1);").status());
        // The holder swallows every stop: JDK 17 stops with Thread.stop, which it catches; JDK 21+
        // checks a flag in notebook code, which it never runs again while parked uninterruptibly.
        // The cell's own thread waits to enter the monitor, which no interrupt ends.
        // One block, so that it is one snippet on one thread also where JShell runs each snippet on a thread of its own.
        Run stuck = interruptOnceRunning("{ Thread cellThread = Thread.currentThread();\n"
                + "Thread holder = new Thread(() -> { synchronized (lock) { holding.countDown();\n"
                + "    while (cellThread.getState() != Thread.State.BLOCKED) { Thread.onSpinWait(); }\n"
                + "    System.out.println(\"the cell's thread waits for the lock\");\n"
                + "    while (true) { try { new Semaphore(0).acquireUninterruptibly(); } catch (Throwable t) { } } } }, \"holder\");\n"
                + "holder.start();\nholding.await();\nsynchronized (lock) { } }");
        String evalue = stuck.error().content().path("evalue").asText();
        assertTrue(evalue.contains("did not stop within 1000 ms of the interrupt"), evalue);
        assertTrue(evalue.contains("waited to enter a synchronized block on Object@") && evalue.contains("held by \"holder\""), evalue);
        assertEquals("2", running.client().run("1 + 1").result());
    }

    @Test
    void codeThatWillNotStopWithoutAnyLockIsNotSaidToWaitForOne() throws Exception {
        running.client().nextIopub(m -> m.type().equals("iopub_welcome"));
        Run stuck = interruptOnceRunning("System.out.println(\"running\");\n"
                + "while (true) { try { new Semaphore(0).acquireUninterruptibly(); } catch (Throwable t) { } }");
        String evalue = stuck.error().content().path("evalue").asText();
        assertTrue(evalue.contains("did not stop within 1000 ms of the interrupt"), evalue);
        assertFalse(evalue.contains("synchronized"), "no thread waited for a lock: " + evalue);
        Run next = running.client().run("1 + 1");
        assertEquals("2", next.result());
        assertTrue(next.stderr().contains("state was reset"), next.stderr());
    }

    /** Runs {@code code}, interrupts it once its first output shows that it is where it gets stuck, and returns how it ended. */
    private Run interruptOnceRunning(String code) throws InterruptedException {
        JupyterTestClient client = running.client();
        String id = client.execute(code);
        client.nextIopub(m -> m.parentId().equals(id) && m.type().equals("stream"));
        client.send(client.control(), "interrupt_request", content());
        Msg reply = client.reply(client.shell(), id);
        return new Run(reply, client.iopubUntilIdle(id));
    }
}
