package dev.conclab.kernel.protocol;

import static dev.conclab.kernel.testing.JupyterTestClient.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cells through the real protocol: order of messages, results, errors, and what a person sees. */
class ExecuteProtocolIT {
    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().warmUp("1");

    @Test
    void aCellsMessagesComeInProtocolOrder() throws Exception {
        Run run = running.client().run("System.out.println(\"hello\");\n6 * 7");
        assertEquals(List.of("status", "execute_input", "stream", "execute_result", "status"), JupyterTestClient.types(run.iopub()),
                run.iopub().toString());
        assertEquals("busy", run.iopub().get(0).content().path("execution_state").asText());
        assertEquals("hello\n", run.stdout());
        assertEquals("42", run.result());
        assertEquals("ok", run.status());
        int count = run.reply().content().path("execution_count").asInt();
        assertEquals(count, run.iopub().get(1).content().path("execution_count").asInt());
        assertEquals(count, run.iopub().get(3).content().path("execution_count").asInt());
        assertEquals("5.4", run.reply().header().path("version").asText());
        assertTrue(run.reply().header().path("date").asText().endsWith("Z"), "dates carry a time zone");
    }

    @Test
    void aSemicolonHidesTheFinalValueAndDeclarationsShowNothing() throws Exception {
        assertEquals(null, running.client().run("6 * 7;").result());
        assertEquals(null, running.client().run("int assigned;\nassigned = 6 * 7; // a comment after the semicolon").result());
        assertEquals("42", running.client().run("assigned // a comment, no semicolon").result());
        assertEquals(null, running.client().run("int declared = 3;").result());
        assertEquals("\"text\"", running.client().run("\"text\"").result());
    }

    @Test
    void aFailingCellSendsExactlyOneErrorAndNoStderrCopy() throws Exception {
        Run run = running.client().run("throw new IllegalStateException(\"boom\");");
        assertEquals("error", run.status());
        assertEquals("java.lang.IllegalStateException", run.reply().content().path("ename").asText());
        assertEquals(1, run.iopub().stream().filter(m -> m.type().equals("error")).count());
        assertEquals("", run.stderr());
        assertEquals("boom", run.error().content().path("evalue").asText());
    }

    @Test
    void compileErrorsNameTheCellLineAndColumnWithACaret() throws Exception {
        Run run = running.client().run("int a = 1;\nint b = a +;\n");
        assertEquals("CompilationError", run.error().content().path("ename").asText());
        String traceback = String.join("\n", texts(run.error()));
        assertTrue(traceback.contains("line 2, column 12"), traceback);
        assertTrue(traceback.contains("    int b = a +;"), traceback);
        assertTrue(traceback.contains("               \u001b[0;32m^"), traceback);
    }

    @Test
    void exceptionsShowTheirFramesInCellLines() throws Exception {
        Run definition = running.client().run("void boom() {\n    throw new RuntimeException(\"deep\");\n}");
        int defined = definition.reply().content().path("execution_count").asInt();
        Run run = running.client().run("int before = 1;\nboom();");
        int cell = run.reply().content().path("execution_count").asInt();
        String traceback = String.join("\n", texts(run.error()));
        assertTrue(traceback.contains("boom\u001b[0m(In [" + defined + "], line 2)"), traceback);
        assertTrue(traceback.contains("<cell>\u001b[0m(In [" + cell + "], line 2)"), traceback);
        assertFalse(traceback.contains("jdk.jshell"), "JShell's own frames are trimmed: " + traceback);
    }

    @Test
    void declarationsPersistAndCanBeRedefined() throws Exception {
        running.client().run("int v = 1;");
        assertEquals("2", running.client().run("v + 1").result());
        running.client().run("String v = \"s\";");
        assertEquals("\"s\"", running.client().run("v").result());
    }

    // JShell recompiles a snippet under its old class name when what it uses changes, which works
    // only if the compiler forgot the old class (the clean-up the agent shortens: ReplPurgeTransformer).
    @Test
    void definitionsUsedBeforeTheyExistAndRedefinedLaterAreTheNewestEverywhere() throws Exception {
        assertEquals("ok", running.client().run("int twice() { return helper() * 2; }").status());
        running.client().run("int helper() { return 21; }");
        assertEquals("42", running.client().run("twice()").result());
        running.client().run("int helper() { return 5; }");
        assertEquals("10", running.client().run("twice()").result());
        running.client().run("class Point { int x = 1; }");
        running.client().run("Point made() { return new Point(); }");
        running.client().run("class Point { int x = 2; int y = 3; }");
        assertEquals("5", running.client().run("made().x + made().y").result());
        running.client().run("interface Shape { double area(); }");
        running.client().run("record Square(double side) implements Shape { public double area() { return side * side; } }");
        running.client().run("interface Shape { double area(); default String label() { return \"area \" + area(); } }");
        assertEquals("\"area 4.0\"", running.client().run("new Square(2).label()").result());
    }

    @Test
    void aDeclarationOfSeveralVariablesSetsEachOfThem() throws Exception {
        assertEquals("ok", running.client().run("int first = 1, second = 2;").status());
        assertEquals("3", running.client().run("first + second").result());
        assertEquals("12", running.client().run("long third = 3, fourth = 4;\nthird * fourth").result());
    }

    @Test
    void codeBeforeAFailingSnippetRunsAndCodeAfterItDoesNot() throws Exception {
        Run run = running.client().run("System.out.println(\"first\");\nint x = Integer.parseInt(\"nope\");\nSystem.out.println(\"never\");");
        assertEquals("first\n", run.stdout());
        assertEquals("java.lang.NumberFormatException", run.error().content().path("ename").asText());
    }

    @Test
    void aBadlySignedRequestIsDroppedUnrun() throws Exception {
        String bad = running.client().send(running.client().shell(), "execute_request",
                JupyterTestClient.executeContent("System.out.println(\"SHOULD NOT RUN\");"), false);
        String info = running.client().send(running.client().shell(), "kernel_info_request", content());
        Msg reply = running.client().receive(running.client().shell());
        assertEquals(info, reply.parentId(), "the first reply answers the well-signed request");
        List<Msg> seen = running.client().iopubUntilIdle(info);
        assertTrue(seen.stream().noneMatch(m -> m.parentId().equals(bad)));
        assertTrue(running.log().contains("bad signature"), running.log());
        assertFalse(running.log().contains(running.kernel().key), "the key is never logged");
    }

    @Test
    void kernelInfoAnswersOnShellAndControl() throws Exception {
        for (var socket : List.of(running.client().shell(), running.client().control())) {
            String id = running.client().send(socket, "kernel_info_request", content());
            Msg reply = running.client().reply(socket, id);
            assertEquals("kernel_info_reply", reply.type());
            assertEquals("java", reply.content().path("language_info").path("name").asText());
            assertEquals("5.4", reply.content().path("protocol_version").asText());
            List<String> statuses = running.client().iopubUntilIdle(id).stream().map(m -> m.content().path("execution_state").asText()).toList();
            assertEquals(List.of("busy", "idle"), statuses);
        }
    }

    @Test
    void displayUpdateAndClearOutputReachTheCell() throws Exception {
        Run run = running.client().run("var shown = display(html(\"<b>1</b>\"));\nshown.update(markdown(\"**2**\"));\nclearOutput(true);");
        List<String> types = JupyterTestClient.types(run.iopub());
        assertTrue(types.containsAll(List.of("display_data", "update_display_data", "clear_output")), types.toString());
        Msg display = run.iopub().stream().filter(m -> m.type().equals("display_data")).findFirst().orElseThrow();
        Msg update = run.iopub().stream().filter(m -> m.type().equals("update_display_data")).findFirst().orElseThrow();
        assertEquals("<b>1</b>", display.content().path("data").path("text/html").asText());
        assertEquals(display.content().path("transient").path("display_id"), update.content().path("transient").path("display_id"));
        assertEquals("**2**", update.content().path("data").path("text/markdown").asText());
        assertTrue(running.client().run("json(\"{\\\"a\\\": [1, 2]}\")").iopub().stream()
                .anyMatch(m -> m.content().path("data").path("application/json").path("a").size() == 2));
    }

    @Test
    void stdinAsksTheClientAndReturnsTheAnswerToTheCell() throws Exception {
        var request = JupyterTestClient.executeContent("new Scanner(System.in).nextLine().toUpperCase()").put("allow_stdin", true);
        String id = running.client().send(running.client().shell(), "execute_request", request);
        Msg ask = running.client().receive(running.client().stdin());
        assertEquals("input_request", ask.type());
        assertEquals(id, ask.parentId());
        running.client().send(running.client().stdin(), "input_reply", content().put("value", "typed text"));
        running.client().reply(running.client().shell(), id);
        List<Msg> iopub = running.client().iopubUntilIdle(id);
        assertTrue(iopub.stream().anyMatch(m -> m.content().path("data").path("text/plain").asText().equals("\"TYPED TEXT\"")));
    }

    @Test
    void readingStdinWhenTheClientForbidsItIsAClearError() throws Exception {
        Run run = running.client().run("new Scanner(System.in).nextLine()");
        assertEquals("error", run.status());
        assertTrue(run.error().content().path("evalue").asText().contains("allow_stdin is false"), run.error().toString());
    }

    @Test
    void completionCountsCursorPositionsInCodePoints() throws Exception {
        running.client().run("String face = \"smile\";");
        String code = "String other = \"\uD83D\uDE00\"; face.subs";
        int cursor = code.codePointCount(0, code.length());
        String id = running.client().send(running.client().shell(), "complete_request", content().put("code", code).put("cursor_pos", cursor));
        Msg reply = running.client().reply(running.client().shell(), id);
        List<String> matches = texts(reply.content().path("matches"));
        assertTrue(matches.contains("substring"), matches.toString());
        assertEquals(cursor, reply.content().path("cursor_end").asInt());
        assertEquals(cursor - 4, reply.content().path("cursor_start").asInt());
    }

    /**
     * A signature comes with the completion, or, when looking it up would have made the answer
     * late (a JShell's first lookups, on a loaded machine), with the next completion.
     */
    @Test
    void completionsCarryTheirKindAndSignature() throws Exception {
        JsonNode println = completionOf("System.out.pri", "println");
        assertEquals("method", println.path("type").asText());
        if (println.path("signature").asText().isEmpty()) {
            println = completionOf("System.out.pri", "println");
        }
        assertTrue(println.path("signature").asText().contains("println("), println.toString());
        String id = running.client().send(running.client().shell(), "complete_request", content().put("code", "Strin").put("cursor_pos", 5));
        JsonNode string = running.client().reply(running.client().shell(), id).content().path("metadata").path("_jupyter_types_experimental").get(0);
        assertEquals("String", string.path("text").asText());
        assertEquals("class", string.path("type").asText(), string.toString());
    }

    private static JsonNode completionOf(String code, String match) {
        String id = running.client().send(running.client().shell(), "complete_request", content().put("code", code).put("cursor_pos", code.length()));
        Msg reply = running.client().reply(running.client().shell(), id);
        for (JsonNode each : reply.content().path("metadata").path("_jupyter_types_experimental")) {
            if (each.path("text").asText().equals(match)) {
                return each;
            }
        }
        throw new AssertionError("no " + match + " among the completions of " + code + ": " + reply.content());
    }

    @Test
    void isCompleteTellsCompleteIncompleteAndInvalid() throws Exception {
        assertEquals("complete", isComplete("int x = 1;"));
        assertEquals("incomplete", isComplete("void f() {"));
        assertEquals("invalid", isComplete("}"));
        assertEquals("invalid", isComplete("int x = ;"));
    }

    @Test
    void inspectShowsSignatureAndJavadoc() throws Exception {
        String code = "String.format";
        String id = running.client().send(running.client().shell(), "inspect_request", content().put("code", code).put("cursor_pos", 10).put("detail_level", 0));
        Msg reply = running.client().reply(running.client().shell(), id);
        assertTrue(reply.content().path("found").asBoolean(), reply.toString());
        assertTrue(reply.content().path("data").path("text/plain").asText().contains("format("), reply.toString());
    }

    @Test
    void theSeedsIoBoundThreadsExampleRunsWithTheThreadOneLiners() throws Exception {
        // The seed's task sleeps, hoping the other has started meanwhile; here both wait until
        // both have started, so that the order checked below holds however busy the machine is.
        running.client().run("var bothStarted = new CountDownLatch(2);\n"
                + "void task(String name) throws InterruptedException {\n"
                + "    System.out.println(\"Task \" + name + \" started\");\n"
                + "    bothStarted.countDown();\n"
                + "    bothStarted.await();\n"
                + "    Thread.sleep(300);\n"
                + "    System.out.println(\"Task \" + name + \" finished\");\n"
                + "}");
        Run run = running.client().run("Stopwatch.time(\"Total time\", () -> {\n"
                + "    var a = Threads.start(\"A\", () -> task(\"A\"));\n"
                + "    var b = Threads.start(\"B\", () -> task(\"B\"));\n"
                + "    Threads.joinAll(a, b);\n"
                + "});");
        List<String> lines = run.stdout().lines().toList();
        assertEquals(5, lines.size(), lines.toString());
        assertEquals(List.of("Task A started", "Task B started"), lines.subList(0, 2).stream().sorted().toList());
        assertEquals(List.of("Task A finished", "Task B finished"), lines.subList(2, 4).stream().sorted().toList());
        assertTrue(lines.get(4).matches("Total time: \\d+\\.\\d\\d s"), lines.get(4));
    }

    @Test
    void commInfoAnswersWithNoComms() throws Exception {
        String id = running.client().send(running.client().shell(), "comm_info_request", content());
        Msg reply = running.client().reply(running.client().shell(), id);
        assertEquals("ok", reply.content().path("status").asText());
        assertTrue(reply.content().path("comms").isObject());
    }

    @Test
    void aNewSubscriberIsWelcomedOnIopub() throws Exception {
        try (var context = new org.zeromq.ZContext()) {
            var sub = context.createSocket(org.zeromq.SocketType.SUB);
            sub.setReceiveTimeOut((int) JupyterTestClient.TIMEOUT.toMillis());
            sub.subscribe(new byte[0]);
            sub.connect("tcp://127.0.0.1:" + running.kernel().iopubPort);
            List<String> frames = new java.util.ArrayList<>();
            do {
                frames.add(new String(sub.recv(0), java.nio.charset.StandardCharsets.UTF_8));
            } while (sub.hasReceiveMore());
            int delimiter = frames.indexOf("<IDS|MSG>");
            assertTrue(frames.get(delimiter + 2).contains("\"msg_type\":\"iopub_welcome\""), frames.toString());
        }
    }

    @Test
    void historyReturnsTailAndSearchResults() throws Exception {
        running.client().run("int historyMarker = 11;");
        String id = running.client().send(running.client().shell(), "history_request", content().put("hist_access_type", "tail").put("n", 1).put("output", false).put("raw", true));
        Msg tail = running.client().reply(running.client().shell(), id);
        assertEquals("int historyMarker = 11;", tail.content().path("history").get(0).get(2).asText());
        id = running.client().send(running.client().shell(), "history_request", content().put("hist_access_type", "search").put("pattern", "int historyM*").put("output", false).put("raw", true));
        assertEquals(1, running.client().reply(running.client().shell(), id).content().path("history").size());
    }

    private String isComplete(String code) {
        String id = running.client().send(running.client().shell(), "is_complete_request", content().put("code", code));
        return running.client().reply(running.client().shell(), id).content().path("status").asText();
    }

    private static List<String> texts(Msg error) {
        assertNotNull(error, "an error message was expected");
        return texts(error.content().path("traceback"));
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
