package dev.conclab.kernel.api;

import static dev.conclab.kernel.testing.JupyterTestClient.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a cell sees of the runtime is its API, and the runtime keeps working when a cell replaces System.out. */
class NotebookApiIT {
    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().warmUp("1");

    /**
     * The kernel's machinery that once sat in the packages cells import, and the packages' own
     * helpers. JShell's completion offers a package's non-public records too: ipc's {@code Endpoint}
     * still shows, until ipc's internals move to an internal package.
     */
    private static final Set<String> INTERNAL = Set.of("Cell", "CellRouting", "CellWork", "CellPrintStream", "OutputSink",
            "StreamName", "SourceLabels", "Utf8", "PoolMaps", "PoolClosing", "ChildMain", "PoolWorkerMain", "PoolWorker",
            "PoolTasks", "PoolJob", "NotebookState", "Outcome", "ChildLimit", "NotebookThreads", "NotebookThreadGroup",
            "ProgramExit", "NotebookRuntime", "ChildJvms", "SvgWriter", "Numbers", "Axis", "Lane", "TimelineSvg", "Wire", "Link",
            "Outbox", "HostedObject", "Endpoint", "Connection", "HostedClient", "LocalLink", "Managed", "Permits", "Values",
            "FrameReader", "FrameWriter", "Spin", "SocketDirectory", "ServiceThreads", "PoolMap", "MapChunk", "ContentionTable",
            "EndMark", "RaceRunner", "RaceResultHtml", "PoolWire", "PoolRequest", "PoolWarmUp", "TaskOutput", "TaskFile");

    /** Each package the cells import, with a type it must offer: the test sees the completion work. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("display", "Display"), Map.entry("threads", "ThreadPool"), Map.entry("processes", "ProcessPool"),
            Map.entry("diagnostics", "ThreadReport"), Map.entry("timeline", "Timeline"), Map.entry("ipc", "ProcessQueue"),
            Map.entry("output", "Output"), Map.entry("lifecycle", "Cells"), Map.entry("timing", "TimeIt"),
            Map.entry("charts", "BarChart"), Map.entry("checks", "Checks"),
            Map.entry("races", "Race"));

    @Test
    void completionInTheRuntimesPackagesOffersOnlyApiTypes() {
        for (Map.Entry<String, String> entry : PACKAGES.entrySet()) {
            List<String> matches = complete("dev.conclab.runtime." + entry.getKey() + ".");
            assertTrue(matches.contains(entry.getValue()), entry + " offers " + matches);
            List<String> leaked = matches.stream().filter(INTERNAL::contains).toList();
            assertEquals(List.of(), leaked, "dev.conclab.runtime." + entry.getKey() + " offers internals: " + matches);
        }
    }

    @Test
    void completionOfANameInACellOffersNoInternalTypeOfTheDefaultImports() {
        for (String prefix : List.of("Cell", "Pool", "Child", "Output", "Notebook", "Stream", "Program")) {
            List<String> leaked = complete(prefix).stream().filter(INTERNAL::contains).toList();
            assertEquals(List.of(), leaked, "completing " + prefix + " offers internals");
        }
        assertTrue(complete("Cell").contains("Cells"), "the API's Cells is offered");
    }

    @Test
    void aCellThatReplacesSystemOutKeepsRoutingProgressBarsTheTimelineAndStop() throws Exception {
        assertEquals("ok", running.client().run("var buffer = new ByteArrayOutputStream();\n"
                + "var cellOut = System.out;\n"
                + "var tpool = ThreadPool.create(2);").status());
        Run replaced = running.client().run("System.setOut(new PrintStream(buffer, true));\n"
                + "var worker = new Thread(() -> { System.out.println(\"thread to buffer\"); System.err.println(\"thread to cell\"); });\n"
                + "worker.start(); worker.join();\n"
                + "System.out.println(\"cell to buffer\");\n"
                + "Display.display(\"shown as a display\");\n"
                + "Timeline.record(() -> tpool.map(x -> { Thread.sleep(1); return x * x; }, IntStream.range(0, 24).boxed().toList()))");
        assertEquals("ok", replaced.status(), replaced.iopub().toString());
        assertEquals("", replaced.stdout(), "what went to the replaced System.out stays out of the cell");
        assertEquals("thread to cell\n", replaced.stderr(), "the thread's System.err still writes into its cell");
        List<String> types = replaced.iopub().stream().map(Msg::type).toList();
        assertTrue(types.contains("update_display_data"), "the map of 24 inputs shows a progress bar: " + types);
        assertTrue(replaced.iopub().stream().anyMatch(m -> m.type().equals("display_data")
                && m.content().path("data").path("text/plain").asText().contains("shown as a display")), "Display.display shows in the cell");
        String svg = replaced.iopub().stream().filter(m -> m.type().equals("execute_result")).findFirst().orElseThrow()
                .content().path("data").path("image/svg+xml").asText();
        assertTrue(svg.matches("(?s).*<title>thread-pool-\\d+-worker-[01] ran item 23, .*"), "the timeline saw the pool's tasks:\n" + svg);

        Run spinning = running.client().run("var spinner = Threads.start(\"spinner\", () -> { while (true) { Thread.sleep(5); } });");
        int count = spinning.reply().content().path("execution_count").asInt();
        String report = running.client().run("Cells.stop(" + count + ")").result();
        assertTrue(report.contains("thread \"spinner\""), "Cells.stop still finds the cell's threads: " + report);
        assertEquals("false", running.client().run("spinner.isAlive()").result());

        Run restored = running.client().run("System.setOut(cellOut);\nSystem.out.println(\"back in the cell\");\nbuffer.toString()");
        assertEquals("back in the cell\n", restored.stdout());
        String buffered = restored.result();
        assertTrue(buffered.contains("thread to buffer") && buffered.contains("cell to buffer"), "System.setOut's text went to the buffer: " + buffered);
        assertFalse(buffered.contains("thread to cell"), buffered);
        assertEquals("ok", running.client().run("tpool.close();").status());
    }

    private static List<String> complete(String code) {
        var client = running.client();
        String id = client.send(client.shell(), "complete_request", content().put("code", code).put("cursor_pos", code.length()));
        Msg reply = client.reply(client.shell(), id);
        assertEquals("ok", reply.content().path("status").asText(), reply.toString());
        List<String> matches = new ArrayList<>();
        reply.content().path("matches").forEach(match -> matches.add(lastName(match.asText())));
        return matches;
    }

    /** A match may be the whole qualified name or just its last part; either way, the type's own name. */
    private static String lastName(String match) {
        String name = match.endsWith("(") || match.endsWith(")") ? match.replaceAll("\\(.*", "") : match;
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
