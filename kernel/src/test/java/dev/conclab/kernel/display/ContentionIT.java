package dev.conclab.kernel.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cell's timeline shows who blocked whom, from Flight Recorder in the executor's JVM. */
class ContentionIT {
    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().warmUp("1");

    @Test
    void aCellsTimelineShowsTheSynchronizedWaitWithTheLockAndItsHolderAndATableOfLocks() throws Exception {
        assertEquals("ok", running.client().run("class Vault {}\nvar vault = new Vault();\nvar holding = new CountDownLatch(1);").status());
        Run run = running.client().run("Timeline.recordWithLocks(() -> {\n"
                + "    var holder = Threads.start(\"holder\", () -> { synchronized (vault) { holding.countDown(); Thread.sleep(30); } });\n"
                + "    var waiter = Threads.start(\"waiter\", () -> { holding.await(); synchronized (vault) { } });\n"
                + "    Threads.joinAll(holder, waiter);\n"
                + "})");
        JsonNode data = run.iopub().stream().filter(m -> m.type().equals("execute_result")).findFirst().orElseThrow()
                .content().path("data");
        String svg = data.path("image/svg+xml").asText();
        assertTrue(svg.matches("(?s).*<title>waiter blocked entering synchronized on \\S*Vault held by holder, .*"), svg);
        assertTrue(svg.matches("(?s).*<text class=\"wait-table\"[^>]*>blocked entering synchronized on \\S*Vault: 1 waits, "
                + "[^<]*; waiter; held by holder</text>.*"), svg);
        // The cell's own thread waits here: the timeline leaves it out (it has no lane), its contention() does not.
        Run table = running.client().run("var again = Timeline.recordWithLocks(() -> {\n"
                + "    var held = new CountDownLatch(1);\n"
                + "    var holder = Threads.start(\"holder\", () -> { synchronized (vault) { held.countDown(); Thread.sleep(30); } });\n"
                + "    held.await();\n"
                + "    synchronized (vault) { }\n"
                + "    holder.join();\n"
                + "});\nagain.contention()");
        String html = table.iopub().stream().filter(m -> m.type().equals("execute_result")).findFirst().orElseThrow()
                .content().path("data").path("text/html").asText();
        assertTrue(html.matches("(?s).*<td><code>\\S*Vault</code></td>.*<td>holder</td>.*"), html);
    }
}
