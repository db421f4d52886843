package dev.conclab.runtime.diagnostics;

import dev.conclab.runtime.internal.cells.NotebookThreadGroup;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadReportTest {
    @Test
    void namesADeadlockCycleAndWhoHoldsWhat() throws Exception {
        Object left = new Object();
        Object right = new Object();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        // Cells run in the notebook's thread group; the report leaves out the JVM's groups.
        ThreadGroup cell = new NotebookThreadGroup(Thread.currentThread().getThreadGroup(), (thread, e) -> { });
        Thread first = new Thread(cell, () -> grab(left, right, bothHoldOne), "first");
        Thread second = new Thread(cell, () -> grab(right, left, bothHoldOne), "second");
        first.setDaemon(true);
        second.setDaemon(true);
        first.start();
        second.start();
        bothHoldOne.await();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (first.getState() != Thread.State.BLOCKED || second.getState() != Thread.State.BLOCKED) {
            assertTrue(System.nanoTime() < deadline, "the two threads did not deadlock within 10 s");
            Thread.onSpinWait();
        }
        ThreadReport report = ThreadReport.now();
        String text = report.toString();
        assertTrue(report.hasDeadlock(), text);
        assertTrue(text.contains("\"first\" BLOCKED waiting for Object@") && text.contains("held by \"second\""), text);
        assertTrue(text.contains("Deadlock: \""), text);
    }

    private static void grab(Object mine, Object theirs, CountDownLatch bothHoldOne) {
        synchronized (mine) {
            bothHoldOne.countDown();
            try {
                bothHoldOne.await();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (theirs) {
                System.out.println("never");
            }
        }
    }
}
