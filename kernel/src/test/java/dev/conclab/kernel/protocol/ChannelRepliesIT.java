package dev.conclab.kernel.protocol;

import static dev.conclab.kernel.testing.JupyterTestClient.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.RunningKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMQ;

/**
 * Requests on shell and on control while a cell runs: every request gets exactly one reply, to
 * its own msg_id. Control answers what the protocol puts on control (kernel_info, interrupt,
 * shutdown) at once, and refuses a shell request with an error reply instead of letting it take
 * the running cell's place; shell answers its requests in order once the cell has ended.
 */
class ChannelRepliesIT {
    /** How long a reply the kernel can give at once may take; far below the client's minute. */
    private static final Duration PROMPTLY = Duration.ofSeconds(15);

    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().warmUp("1");

    @TempDir
    Path gateDirectory;

    @Test
    void completionAndInspectionOnBothChannelsDuringACellAreEachAnsweredOnce() throws Exception {
        JupyterTestClient client = running.client();
        List<Msg> iopub = new ArrayList<>();
        Path gate = gateDirectory.resolve("release");
        // The cell says it runs, then waits for the test to create the gate file, at most 60 s,
        // so that the requests below reach the kernel while it certainly still runs.
        String execute = client.execute("System.out.println(\"cell waits\");\n"
                + "var gate = java.nio.file.Path.of(\"" + gate + "\");\n"
                + "long until = System.nanoTime() + 60_000_000_000L;\n"
                + "while (!java.nio.file.Files.exists(gate) && System.nanoTime() < until) { Thread.sleep(20); }\n"
                + "System.out.println(java.nio.file.Files.exists(gate) ? \"released\" : \"never released\");");
        awaitIopub(client, iopub, m -> m.parentId().equals(execute) && m.type().equals("stream")
                && m.content().path("text").asText().contains("cell waits"));

        Map<String, String> onControl = sendCompletionInspectionAndInfo(client, client.control());
        Map<String, Msg> controlReplies = repliesTo(client, client.control(), onControl.keySet());
        for (Map.Entry<String, String> sent : onControl.entrySet()) {
            Msg reply = controlReplies.get(sent.getKey());
            assertEquals(sent.getValue().replace("_request", "_reply"), reply.type(), reply.toString());
            if (sent.getValue().equals("kernel_info_request")) {
                assertEquals("ok", reply.content().path("status").asText(), reply.toString());
                assertEquals("java", reply.content().path("language_info").path("name").asText(), reply.toString());
            } else {
                assertEquals("error", reply.content().path("status").asText(), reply.toString());
                String evalue = reply.content().path("evalue").asText();
                assertTrue(evalue.contains(sent.getValue()) && evalue.contains("shell channel"), evalue);
            }
        }

        Map<String, String> onShell = sendCompletionInspectionAndInfo(client, client.shell());
        Files.createFile(gate);
        Map<String, String> shellRequests = new LinkedHashMap<>();
        shellRequests.put(execute, "execute_request");
        shellRequests.putAll(onShell);
        Map<String, Msg> shellReplies = repliesTo(client, client.shell(), shellRequests.keySet());
        Msg executeReply = shellReplies.get(execute);
        assertEquals("execute_reply", executeReply.type());
        assertEquals("ok", executeReply.content().path("status").asText(), executeReply.toString());
        for (Map.Entry<String, String> sent : onShell.entrySet()) {
            Msg reply = shellReplies.get(sent.getKey());
            assertEquals(sent.getValue().replace("_request", "_reply"), reply.type(), reply.toString());
            assertEquals("ok", reply.content().path("status").asText(), reply.toString());
        }
        assertTrue(texts(shellReplies.get(idOf(onShell, "complete_request")).content().path("matches")).contains("String"),
                shellReplies.toString());
        assertTrue(shellReplies.get(idOf(onShell, "inspect_request")).content().path("found").asBoolean(), shellReplies.toString());

        // Each request's busy and idle, in that order; the cell's output between its own.
        Map<String, String> every = new LinkedHashMap<>(shellRequests);
        every.putAll(onControl);
        for (String id : every.keySet()) {
            awaitIopub(client, iopub, m -> isStatus(m, id, "idle"));
            List<String> states = iopub.stream().filter(m -> m.parentId().equals(id) && m.type().equals("status"))
                    .map(m -> m.content().path("execution_state").asText()).toList();
            assertEquals(List.of("busy", "idle"), states, every.get(id) + " " + id);
        }
        assertTrue(JupyterTestClient.streamText(iopub.stream().filter(m -> m.parentId().equals(execute)).toList(), "stdout")
                .contains("released"), iopub.toString());

        // Exactly one reply each: nothing more comes on either socket.
        assertNull(client.receive(client.shell(), Duration.ofMillis(500)), "a second reply on shell");
        assertNull(client.receive(client.control(), Duration.ofMillis(500)), "a second reply on control");
        assertEquals("2", client.run("1 + 1").result(), "the kernel goes on");
    }

    /** Sends complete, inspect and kernel_info requests on {@code socket}; their msg_ids, in order, with their types. */
    private static Map<String, String> sendCompletionInspectionAndInfo(JupyterTestClient client, ZMQ.Socket socket) {
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put(client.send(socket, "complete_request", content().put("code", "Strin").put("cursor_pos", 5)), "complete_request");
        sent.put(client.send(socket, "inspect_request", content().put("code", "String.format").put("cursor_pos", 10)
                .put("detail_level", 0)), "inspect_request");
        sent.put(client.send(socket, "kernel_info_request", content()), "kernel_info_request");
        return sent;
    }

    /** One reply to each of {@code ids} on {@code socket}, each within {@link #PROMPTLY}; fails on a reply to anything else or a second one. */
    private static Map<String, Msg> repliesTo(JupyterTestClient client, ZMQ.Socket socket, java.util.Set<String> ids) {
        Map<String, Msg> replies = new LinkedHashMap<>();
        while (replies.size() < ids.size()) {
            Msg reply = client.receive(socket, PROMPTLY);
            assertNotNull(reply, "no reply within " + PROMPTLY + "; answered so far: " + replies.keySet() + " of " + ids
                    + "\n" + running.log());
            assertTrue(ids.contains(reply.parentId()), "a reply to a request not sent on this socket: " + reply);
            assertNull(replies.put(reply.parentId(), reply), "a second reply to " + reply.parentId());
        }
        return replies;
    }

    /** Reads iopub into {@code seen} until a message matching {@code wanted} is among them. */
    private static void awaitIopub(JupyterTestClient client, List<Msg> seen, Predicate<Msg> wanted) throws InterruptedException {
        while (seen.stream().noneMatch(wanted)) {
            seen.add(client.nextIopub(m -> true));
        }
    }

    private static boolean isStatus(Msg msg, String parentId, String state) {
        return msg.parentId().equals(parentId) && msg.type().equals("status")
                && msg.content().path("execution_state").asText().equals(state);
    }

    private static String idOf(Map<String, String> sent, String type) {
        return sent.entrySet().stream().filter(e -> e.getValue().equals(type)).findFirst().orElseThrow().getKey();
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
