package dev.conclab.kernel.protocol;

import static dev.conclab.kernel.testing.JupyterTestClient.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.KernelProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Right after a start, the executor warms javac up in the background; completion, inspection and
 * completeness checks are answered while a warm-up step runs, not after it (JupyterLab drops a
 * completion that takes over a second, and a step can take that long on a loaded machine). The
 * executor holds one warm-up step open for as long as this test says
 * ({@code conclab.warmUp.holdFile}), so the order of events does not depend on the machine's speed.
 */
class WarmUpIT {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void completionIsAnsweredWhileAWarmUpStepRuns() throws Exception {
        Path held = directory.resolve("warm-up-step-held");
        KernelProcess kernel = KernelProcess.startWithEnvironment(Map.of("CONCLAB_EXECUTOR_OPTS",
                "-Xmx1g -XX:+UseSerialGC -Dconclab.warmUp.holdFile=" + held));
        try (JupyterTestClient client = new JupyterTestClient(kernel)) {
            assertEquals("2", client.runFirst("1 + 1").result(), kernel.log());
            awaitFile(held, kernel);

            String complete = client.send(client.shell(), "complete_request",
                    content().put("code", "System.out.pri").put("cursor_pos", 14));
            Msg completion = reply(client, complete, kernel);
            String inspect = client.send(client.shell(), "inspect_request",
                    content().put("code", "String.format").put("cursor_pos", 10).put("detail_level", 0));
            Msg inspection = reply(client, inspect, kernel);
            String check = client.send(client.shell(), "is_complete_request", content().put("code", "for (int i = 0; i < 3; i++) {"));
            Msg completeness = reply(client, check, kernel);
            assertTrue(Files.exists(held), "the warm-up step ended before the answers came: the test proves nothing");

            List<String> matches = new ArrayList<>();
            completion.content().path("matches").forEach(match -> matches.add(match.asText()));
            assertTrue(matches.contains("println"), completion.toString());
            assertTrue(inspection.content().path("found").asBoolean(), inspection.toString());
            assertEquals("incomplete", completeness.content().path("status").asText(), completeness.toString());

            // Released, the warm-up goes on, and cells take turns with it.
            Files.delete(held);
            assertEquals("ok", client.run("int x = 1;").status(), kernel.log());
            assertEquals("42", client.run("x + 41").result(), kernel.log());
        } finally {
            Files.deleteIfExists(held);
            kernel.close();
        }
    }

    /**
     * JShell's index of the class path, which completing a package name reads, waits at start
     * until the first cell has answered (IndexingPause); it must be built once that cell answered.
     */
    @Test
    void packageNamesCompleteAfterTheFirstCell() throws Exception {
        KernelProcess kernel = KernelProcess.start();
        try (JupyterTestClient client = new JupyterTestClient(kernel)) {
            assertEquals("2", client.runFirst("1 + 1").result(), kernel.log());
            List<String> matches = completeUntilConcurrent(client, kernel);
            assertTrue(matches.contains("concurrent."), "completing java.util.con offered " + matches + " for " + BOUND);
        } finally {
            kernel.close();
        }
    }

    /** A completion asked for before any cell ran also lets the index be built. */
    @Test
    void packageNamesCompleteBeforeAnyCell() throws Exception {
        KernelProcess kernel = KernelProcess.start();
        try (JupyterTestClient client = new JupyterTestClient(kernel)) {
            List<String> matches = completeUntilConcurrent(client, kernel);
            assertTrue(matches.contains("concurrent."), "completing java.util.con offered " + matches + " for " + BOUND);
        } finally {
            kernel.close();
        }
    }

    /**
     * Completes {@code java.util.con} until {@code concurrent.} is offered or {@link #BOUND} has
     * passed: the index is built in the background, and until then completion offers what is
     * indexed so far.
     */
    private static List<String> completeUntilConcurrent(JupyterTestClient client, KernelProcess kernel) throws InterruptedException {
        List<String> matches = new ArrayList<>();
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!matches.contains("concurrent.") && System.nanoTime() < deadline) {
            String complete = client.send(client.shell(), "complete_request",
                    content().put("code", "java.util.con").put("cursor_pos", 13));
            Msg completion = reply(client, complete, kernel);
            matches.clear();
            completion.content().path("matches").forEach(match -> matches.add(match.asText()));
            if (!matches.contains("concurrent.")) {
                // Each completion pauses the indexing while it runs: leave it time between them.
                Thread.sleep(200);
            }
        }
        return matches;
    }

    private static Msg reply(JupyterTestClient client, String msgId, KernelProcess kernel) {
        Msg reply = client.receive(client.shell(), BOUND);
        assertNotNull(reply, "no reply within " + BOUND + " while a warm-up step was held\n" + kernel.log());
        assertEquals(msgId, reply.parentId(), reply.toString());
        return reply;
    }

    /** Waits (bounded) for the warm-up to reach its held step, which creates the file. */
    private static void awaitFile(Path file, KernelProcess kernel) throws InterruptedException {
        long until = System.nanoTime() + BOUND.toNanos();
        while (!Files.exists(file)) {
            assertTrue(System.nanoTime() < until, "the warm-up never reached its held step\n" + kernel.log());
            Thread.sleep(20);
        }
    }
}
