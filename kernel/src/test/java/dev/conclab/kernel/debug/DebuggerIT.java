package dev.conclab.kernel.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.RunningKernel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The debugger as JupyterLab drives it, over the real protocol: debug_request on control,
 * debug_reply, debug_event on iopub. A breakpoint in a Runnable that a cell's thread runs stops
 * that thread only; its stack is in cell lines with JShell's and the kernel's frames hidden; its
 * locals show; a step goes to the next cell line; continue lets the cell finish; and neither a
 * disconnect nor an interrupt leaves a thread stopped.
 */
class DebuggerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Line 3 (`String label = ...`) is where the breakpoint goes; `answer` is set by then. */
    private static final String CELL = String.join("\n",
            "Runnable work = () -> {",
            "    int answer = 6 * 7;",
            "    String label = \"worker\";",
            "    System.out.println(label + \" \" + answer);",
            "};",
            "Thread worker = new Thread(work, \"worker\");",
            "worker.start();",
            "worker.join();",
            "System.out.println(\"cell done\");");

    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().withJvmOptions("-Dconclab.debugger=on").warmUp("1");

    private Dap dap;

    /** One DAP client per test, numbering its requests from 1 as JupyterLab does. */
    private Dap dap(JupyterTestClient client) {
        if (dap == null) {
            dap = new Dap(client);
        }
        return dap;
    }

    @Test
    void stopsAThreadOfTheCellAtABreakpointAndShowsItsStackAndLocalsInCellLines() throws Exception {
        JupyterTestClient client = running.client();
        String id = client.send(client.shell(), "kernel_info_request", JupyterTestClient.content());
        assertTrue(client.reply(client.shell(), id).content().path("debugger").asBoolean(), "kernel_info says debugger: true");

        String path = startSession(client, CELL, 3);
        String cell = client.execute(CELL);
        long threadId = dap(client).stopped("breakpoint").path("threadId").asLong();

        JsonNode threads = dap(client).request("threads", JSON.createObjectNode()).path("body").path("threads");
        List<String> names = new ArrayList<>();
        threads.forEach(t -> names.add(t.path("name").asText()));
        assertTrue(names.contains("worker") && names.contains("main"), "the notebook's threads: " + names + "\n" + running.log());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("conclab-")), "no executor thread is listed: " + names);

        JsonNode frames = dap(client).stackTrace(threadId);
        JsonNode top = frames.get(0);
        assertEquals(path, top.path("source").path("path").asText(), frames.toString());
        assertEquals(3, top.path("line").asInt(), frames.toString());
        frames.forEach(f -> assertFalse(f.path("name").asText().matches(".*(jshell|conclab|reflect).*"),
                "no frame of JShell's or the kernel's machinery: " + frames));

        JsonNode scopes = dap(client).request("scopes", JSON.createObjectNode().put("frameId", top.path("id").asInt()))
                .path("body").path("scopes");
        JsonNode locals = dap(client).request("variables", JSON.createObjectNode()
                .put("variablesReference", scopes.get(0).path("variablesReference").asInt())).path("body").path("variables");
        assertTrue(locals.toString().contains("{\"name\":\"answer\",\"value\":\"42\",\"type\":\"int\""), locals.toString());

        assertTrue(dap(client).request("next", JSON.createObjectNode().put("threadId", threadId)).path("success").asBoolean());
        assertEquals(threadId, dap(client).stopped("step").path("threadId").asLong());
        assertEquals(4, dap(client).stackTrace(threadId).get(0).path("line").asInt());

        assertTrue(dap(client).request("continue", JSON.createObjectNode().put("threadId", threadId)).path("success").asBoolean());
        Msg reply = client.reply(client.shell(), cell);
        assertEquals("ok", reply.content().path("status").asText(), reply.toString());
        String out = JupyterTestClient.streamText(client.iopubUntilIdle(cell), "stdout");
        assertTrue(out.contains("worker 42") && out.contains("cell done"), out);

        dap(client).request("disconnect", JSON.createObjectNode().put("restart", false).put("terminateDebuggee", false));
        // No breakpoint is left: the same code runs through.
        JupyterTestClient.Run again = client.run(CELL);
        assertEquals("ok", again.status(), again.reply().toString());
        assertTrue(again.stdout().contains("worker 42"), again.stdout());
    }

    @Test
    void anInterruptReachesAThreadStoppedAtABreakpoint() throws Exception {
        JupyterTestClient client = running.client();
        // After the worker, the cell sleeps: the interrupt, not the end of the code, must end it.
        String waiting = CELL.replace("worker.join();", "worker.join();\nThread.sleep(120_000);");
        startSession(client, waiting, 2);
        String cell = client.execute(waiting);
        dap(client).stopped("breakpoint").path("threadId").asLong();
        String interrupt = client.send(client.control(), "interrupt_request", JupyterTestClient.content());
        client.reply(client.control(), interrupt);
        Msg reply = client.reply(client.shell(), cell);
        assertEquals("error", reply.content().path("status").asText(), reply.toString());
        client.iopubUntilIdle(cell);
        JsonNode info = dap(client).request("debugInfo", JSON.createObjectNode()).path("body");
        assertEquals(0, info.path("stoppedThreads").size(), info.toString());
        dap(client).request("disconnect", JSON.createObjectNode());
        JupyterTestClient.Run next = client.run("System.out.println(\"next cell\");");
        assertEquals("ok", next.status(), next.reply().toString());
    }

    @Test
    void showsTheNotebooksVariablesAndEvaluatesNamesAndFieldsInAStoppedFrame() throws Exception {
        JupyterTestClient client = running.client();
        assertEquals("ok", client.run("int total = 5;\nString greeting = \"hi\";").status());
        assertEquals("ok", client.run("int total = 40;").status());
        startSession(client, CELL, 3);
        String cell = client.execute(CELL);
        long threadId = dap(client).stopped("breakpoint").path("threadId").asLong();
        int frameId = dap(client).stackTrace(threadId).get(0).path("id").asInt();
        assertEquals("42", evaluate(client, "answer", frameId).path("body").path("result").asText());
        assertEquals("40", evaluate(client, "total", frameId).path("body").path("result").asText(), "a notebook variable");
        assertEquals("\"worker\"", evaluate(client, " worker.name ", frameId).path("body").path("result").asText());
        JsonNode refused = evaluate(client, "answer + 1", frameId);
        assertFalse(refused.path("success").asBoolean(), refused.toString());
        assertTrue(refused.path("message").asText().contains("only a variable's name"), refused.toString());
        JsonNode unknown = evaluate(client, "nothing", frameId);
        assertTrue(unknown.path("message").asText().contains("no variable nothing"), unknown.toString());

        assertTrue(dap(client).request("continue", JSON.createObjectNode().put("threadId", threadId)).path("success").asBoolean());
        Msg continued = client.nextIopub(m -> m.type().equals("debug_event") && m.content().path("event").asText().equals("continued"));
        assertEquals(threadId, continued.content().path("body").path("threadId").asLong(), continued.toString());
        assertEquals("ok", client.finish(cell).status());
        // The variables panel without a stopped thread: the notebook's variables, the newest declaration of each.
        JsonNode variables = dap(client).request("inspectVariables", JSON.createObjectNode()).path("body").path("variables");
        assertTrue(variables.toString().contains("{\"name\":\"total\",\"value\":\"40\",\"type\":\"int\""), variables.toString());
        assertTrue(variables.toString().contains("{\"name\":\"greeting\",\"value\":\"\\\"hi\\\"\",\"type\":\"java.lang.String\""),
                variables.toString());
        assertFalse(variables.toString().contains("warmCount"), "not the executor's warm-up's variables: " + variables);
        assertEquals("\"hi\"", evaluate(client, "greeting", null).path("body").path("result").asText());

        dap(client).request("disconnect", JSON.createObjectNode());
    }

    /**
     * The executor's end ends the client's session (a DAP terminated event, no thread left
     * stopped), and the next executor can be debugged: its variables panel lists the notebook's
     * variables only, never those of the warm-up JShell that runs between its first cells with
     * classes of the same names.
     */
    @Test
    void theExecutorsEndTerminatesTheSessionAndTheNextExecutorIsDebuggedAfresh() throws Exception {
        JupyterTestClient client = running.client();
        ProcessHandle executor = ProcessHandle.of(Long.parseLong(client.run("ProcessHandle.current().pid()").result())).orElseThrow();
        startSession(client, CELL, 3);
        String cell = client.execute(CELL);
        dap(client).stopped("breakpoint").path("threadId").asLong();
        executor.destroyForcibly();
        Msg terminated = client.nextIopub(m -> m.type().equals("debug_event") && m.content().path("event").asText().equals("terminated"));
        assertEquals("event", terminated.content().path("type").asText(), terminated.toString());
        assertEquals("error", client.reply(client.shell(), cell).content().path("status").asText());
        JsonNode info = dap(client).request("debugInfo", JSON.createObjectNode()).path("body");
        assertFalse(info.path("isStarted").asBoolean(), info.toString());
        assertEquals(0, info.path("stoppedThreads").size(), info.toString());

        // The new executor warms its compiler up between these cells, in a JShell of its own.
        startSession(client, CELL, 3);
        for (int i = 0; i < 8; i++) {
            assertEquals("ok", client.run("int mine" + i + " = " + i + ";").status());
            JsonNode variables = dap(client).request("inspectVariables", JSON.createObjectNode()).path("body").path("variables");
            assertTrue(variables.toString().contains("{\"name\":\"mine" + i + "\",\"value\":\"" + i + "\""), variables.toString());
            assertFalse(variables.toString().contains("warm"), "not the warm-up JShell's variables: " + variables);
        }
        dap(client).request("disconnect", JSON.createObjectNode());
    }

    private JsonNode evaluate(JupyterTestClient client, String expression, Integer frameId) {
        ObjectNode arguments = JSON.createObjectNode().put("expression", expression).put("context", "watch");
        if (frameId != null) {
            arguments.put("frameId", frameId);
        }
        return dap(client).request("evaluate", arguments);
    }

    /** What JupyterLab does when the debugger is switched on and a breakpoint set: returns the cell's path. */
    private String startSession(JupyterTestClient client, String code, int line) throws Exception {
        JsonNode info = dap(client).request("debugInfo", JSON.createObjectNode()).path("body");
        assertEquals("Murmur2", info.path("hashMethod").asText(), info.toString());
        assertTrue(dap(client).request("initialize", JSON.createObjectNode().put("clientID", "jupyterlab")
                .put("adapterID", "java").put("linesStartAt1", true)).path("success").asBoolean());
        // Started from initialize on, as ipykernel says: JupyterLab asks debugInfo while it attaches
        // and would take the session for unstarted (its sidebar then never names the notebook).
        JsonNode starting = dap(client).request("debugInfo", JSON.createObjectNode()).path("body");
        assertTrue(starting.path("isStarted").asBoolean(), starting.toString());
        JsonNode attach = dap(client).request("attach", JSON.createObjectNode());
        assertTrue(attach.path("success").asBoolean(), attach.toString());
        String path = dap(client).request("dumpCell", JSON.createObjectNode().put("code", code)).path("body").path("sourcePath").asText();
        String expected = info.path("tmpFilePrefix").asText()
                + Integer.toUnsignedString(CellFiles.murmur2(code, (int) info.path("hashSeed").asLong()))
                + info.path("tmpFileSuffix").asText();
        assertEquals(expected, path, "the path JupyterLab computes from debugInfo");
        ObjectNode arguments = JSON.createObjectNode();
        arguments.putObject("source").put("path", path);
        arguments.putArray("breakpoints").addObject().put("line", line);
        JsonNode set = dap(client).request("setBreakpoints", arguments);
        assertTrue(set.path("body").path("breakpoints").get(0).path("verified").asBoolean(), set.toString());
        assertTrue(dap(client).request("configurationDone", JSON.createObjectNode()).path("success").asBoolean());
        return path;
    }
}
