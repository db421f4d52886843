package dev.conclab.kernel.wire;

import static dev.conclab.kernel.testing.JupyterTestClient.executeContent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.RunningKernel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Broken and hostile messages sent to a running kernel over its real sockets: each is refused
 * with a log line naming its msg_id and why, never run and never answered, the key and the
 * expected signatures never appear in the log, and the kernel keeps serving.
 */
class HostileInputIT {
    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().warmUp("int runs = 0;");

    private static List<byte[]> runs() {
        return running.client().requestFrames("execute_request", executeContent("runs++;"));
    }

    @Test
    void refusedMessagesAreLoggedByIdNeverRunAndTheKernelCarriesOn() throws Exception {
        List<byte[]> once = running.client().requestFrames("execute_request", executeContent("runs++;"));
        running.client().sendFrames(running.client().shell(), once);
        assertEquals(JupyterTestClient.msgIdOf(once), running.client().receive(running.client().shell()).parentId());

        Map<String, List<byte[]>> refused = new LinkedHashMap<>();
        List<byte[]> badlySigned = runs();
        String expectedSignature = new String(badlySigned.get(1), StandardCharsets.US_ASCII);
        badlySigned.set(1, expectedSignature.replace(expectedSignature.charAt(0), expectedSignature.charAt(0) == 'a' ? 'b' : 'a')
                .getBytes(StandardCharsets.US_ASCII));
        refused.put("bad signature", badlySigned);
        List<byte[]> unsigned = runs();
        unsigned.set(1, new byte[0]);
        refused.put("unsigned", unsigned);
        refused.put("replayed", once);
        List<byte[]> truncated = runs();
        truncated.remove(truncated.size() - 1);
        refused.put("truncated", truncated);
        refused.put("oversized", running.client().requestFrames("execute_request", executeContent("runs++; //" + "x".repeat(17 << 20))));
        List<byte[]> notUtf8 = runs();
        byte[] content = "{\"code\": \"runs++; // \u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        refused.put("not JSON in UTF-8", running.client().signedFrames(notUtf8.get(2), content));
        refused.put("unknown type", running.client().requestFrames("run_this_request", executeContent("runs++;")));

        for (List<byte[]> frames : refused.values()) {
            running.client().sendFrames(running.client().shell(), frames);
        }
        String last = running.client().execute("runs");
        JupyterTestClient.Msg next = running.client().receive(running.client().shell());
        assertEquals(last, next.parentId(), "no refused message is answered");
        assertEquals("1", running.client().iopubUntilIdle(last).stream().filter(m -> m.type().equals("execute_result"))
                .map(m -> m.content().path("data").path("text/plain").asText()).findFirst().orElseThrow(),
                "only the first of the messages ran");

        String log = running.log();
        refused.forEach((reason, frames) -> {
            String line = log.lines().filter(l -> l.contains(JupyterTestClient.msgIdOf(frames))).findFirst()
                    .orElseThrow(() -> new AssertionError("no log line names the " + reason + " message:\n" + log));
            assertTrue(line.contains(reason.equals("unknown type") ? "unknown type" : reason), line);
        });
        assertFalse(log.contains(running.kernel().key), "the key is never logged");
        assertFalse(log.contains(expectedSignature), "the expected signature is never logged");
    }
}
