package dev.conclab.kernel.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import java.util.concurrent.atomic.AtomicInteger;

/** A DAP client over the real protocol, as JupyterLab's debugger speaks it: debug_request on control, debug_event on iopub. */
final class Dap {
    static final ObjectMapper JSON = new ObjectMapper();

    private final JupyterTestClient client;
    private final AtomicInteger seq = new AtomicInteger();

    Dap(JupyterTestClient client) {
        this.client = client;
    }

    static ObjectNode args() {
        return JSON.createObjectNode();
    }

    /** A DAP request in a debug_request on control; returns the debug_reply's content. */
    JsonNode request(String command, ObjectNode arguments) {
        ObjectNode content = JSON.createObjectNode().put("seq", seq.incrementAndGet()).put("type", "request").put("command", command);
        content.set("arguments", arguments);
        String id = client.send(client.control(), "debug_request", content);
        Msg reply = client.reply(client.control(), id);
        assertEquals("debug_reply", reply.type());
        assertEquals(command, reply.content().path("command").asText(), reply.toString());
        return reply.content();
    }

    /** The body of a request that must succeed. */
    JsonNode body(String command, ObjectNode arguments) {
        JsonNode reply = request(command, arguments);
        assertTrue(reply.path("success").asBoolean(), reply.toString());
        return reply.path("body");
    }

    /** What JupyterLab does when the debugger is switched on: initialize, attach, dumpCell; returns the cell's path. */
    String start(String code) {
        body("initialize", args().put("clientID", "jupyterlab").put("adapterID", "java").put("linesStartAt1", true));
        body("attach", args());
        String path = body("dumpCell", args().put("code", code)).path("sourcePath").asText();
        body("configurationDone", args());
        return path;
    }

    /** Sets the breakpoints of a cell file; returns the answered breakpoints. */
    JsonNode setBreakpoints(String path, ArrayNode breakpoints) {
        ObjectNode arguments = args();
        arguments.putObject("source").put("path", path);
        arguments.set("breakpoints", breakpoints);
        return body("setBreakpoints", arguments).path("breakpoints");
    }

    static ArrayNode breakpoints() {
        return JSON.createArrayNode();
    }

    /** The next debug_event named {@code event} (bounded by the client's timeout). */
    Msg event(String event) throws InterruptedException {
        return client.nextIopub(m -> m.type().equals("debug_event") && m.content().path("event").asText().equals(event));
    }

    /** Waits for a stopped event for {@code reason}; returns its body. */
    JsonNode stopped(String reason) throws InterruptedException {
        JsonNode body = event("stopped").content().path("body");
        assertEquals(reason, body.path("reason").asText(), body.toString());
        return body;
    }

    JsonNode stackTrace(long threadId) {
        JsonNode frames = body("stackTrace", args().put("threadId", threadId)).path("stackFrames");
        assertTrue(frames.size() > 0, frames.toString());
        return frames;
    }

    /** The locals of a frame. */
    JsonNode locals(int frameId) {
        JsonNode scopes = body("scopes", args().put("frameId", frameId)).path("scopes");
        return variables(scopes.get(0).path("variablesReference").asInt());
    }

    JsonNode variables(int reference) {
        return body("variables", args().put("variablesReference", reference)).path("variables");
    }

    /** The variable named {@code name} among {@code variables}. */
    static JsonNode named(JsonNode variables, String name) {
        for (JsonNode variable : variables) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no variable " + name + " in " + variables);
    }

    /** The id of the notebook thread named {@code name}. */
    long thread(String name) {
        for (JsonNode thread : body("threads", args()).path("threads")) {
            if (thread.path("name").asText().equals(name)) {
                return thread.path("id").asLong();
            }
        }
        throw new AssertionError("no thread " + name);
    }

    void resume(long threadId) {
        body("continue", args().put("threadId", threadId));
    }
}
