package dev.conclab.kernel.debug;

import static dev.conclab.kernel.debug.Dap.args;
import static dev.conclab.kernel.debug.Dap.breakpoints;
import static dev.conclab.kernel.debug.Dap.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.RunningKernel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The debugger's further requests and events, over the real protocol as DebuggerIT: conditional
 * and counted breakpoints, thread and output events, suspend-all, the locks in each frame's name,
 * collections that expand, rich display of variables and copyToGlobals.
 */
class DebuggerFeaturesIT {
    /** A thread counting to 10; line 3 is where breakpoints go. */
    private static final String COUNTING = String.join("\n",
            "Runnable count = () -> {",
            "    for (int i = 0; i < 10; i++) {",
            "        int square = i * i;",
            "        System.out.println(\"square \" + square);",
            "    }",
            "};",
            "Thread counter = new Thread(count, \"counter\");",
            "counter.start();",
            "counter.join();");

    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().withJvmOptions("-Dconclab.debugger=on").warmUp("1");

    /** A failed test leaves no thread stopped (and so no cell running) for the next one. */
    @AfterEach
    void endTheSession() {
        new Dap(running.client()).request("disconnect", args());
    }

    @Test
    void aConditionStopsOnlyWhereItHoldsAndABadOneSaysWhy() throws Exception {
        JupyterTestClient client = running.client();
        Dap dap = new Dap(client);
        String path = dap.start(COUNTING);
        JsonNode set = dap.setBreakpoints(path, breakpoints()
                .add(args().put("line", 3).put("condition", "i == 7 && square > 40"))
                .add(args().put("line", 4).put("condition", "square.isEmpty()")));
        assertTrue(set.get(0).path("verified").asBoolean(), set.toString());
        assertFalse(set.get(1).path("verified").asBoolean(), set.toString());
        assertTrue(set.get(1).path("message").asText().contains("call no methods"), set.toString());

        String cell = client.execute(COUNTING);
        long threadId = dap.stopped("breakpoint").path("threadId").asLong();
        int frameId = dap.stackTrace(threadId).get(0).path("id").asInt();
        assertEquals("7", dap.body("evaluate", args().put("expression", "i").put("frameId", frameId)).path("result").asText());
        dap.resume(threadId);
        // No other hit stops it: the cell ends.
        assertEquals("ok", client.finish(cell).status());

        // Every 4th hit: i == 3 and i == 7.
        dap.setBreakpoints(path, breakpoints().add(args().put("line", 3).put("hitCondition", "%4")));
        cell = client.execute(COUNTING);
        for (String expected : List.of("3", "7")) {
            threadId = dap.stopped("breakpoint").path("threadId").asLong();
            frameId = dap.stackTrace(threadId).get(0).path("id").asInt();
            assertEquals(expected, dap.body("evaluate", args().put("expression", "i").put("frameId", frameId)).path("result").asText());
            dap.resume(threadId);
        }
        assertEquals("ok", client.finish(cell).status());

        // A condition that cannot be evaluated there stops the thread, and the debug console says why.
        dap.setBreakpoints(path, breakpoints().add(args().put("line", 3).put("condition", "missing > 2")));
        cell = client.execute(COUNTING);
        Msg output = dap.event("output");
        assertTrue(output.content().path("body").path("output").asText().contains("no variable missing"), output.toString());
        threadId = dap.stopped("breakpoint").path("threadId").asLong();
        dap.setBreakpoints(path, breakpoints());
        dap.resume(threadId);
        assertEquals("ok", client.finish(cell).status());
        dap.body("disconnect", args());
    }

    @Test
    void aSessionHearsTheNotebooksThreadsStartAndEndAndWhatCellsPrint() throws Exception {
        JupyterTestClient client = running.client();
        Dap dap = new Dap(client);
        dap.start(COUNTING);
        String cell = client.execute(COUNTING);
        // What the counter prints, and its start and end (the thread that runs the cell may come
        // and go too): one id that both started and exited.
        Set<Long> started = new HashSet<>();
        Set<Long> exited = new HashSet<>();
        String printed = "";
        while (!printed.contains("square 81") || started.stream().noneMatch(exited::contains)) {
            Msg event;
            try {
                event = client.nextIopub(m -> m.type().equals("debug_event")
                        && List.of("thread", "output").contains(m.content().path("event").asText()));
            } catch (AssertionError e) {
                throw new AssertionError("printed " + printed + ", started " + started + ", exited " + exited, e);
            }
            JsonNode body = event.content().path("body");
            if (event.content().path("event").asText().equals("output")) {
                assertEquals("stdout", body.path("category").asText(), event.toString());
                printed += body.path("output").asText();
            } else {
                (body.path("reason").asText().equals("started") ? started : exited).add(body.path("threadId").asLong());
            }
        }
        // The cell's own output is as ever (passed over above, while the events were awaited).
        assertEquals("ok", client.reply(client.shell(), cell).content().path("status").asText());
        client.findIopub(m -> m.type().equals("stream") && m.parentId().equals(cell)
                && m.content().path("text").asText().contains("square 81"));
        client.findIopub(m -> m.type().equals("status") && m.parentId().equals(cell)
                && m.content().path("execution_state").asText().equals("idle"));
        dap.body("disconnect", args());
    }

    /** A ticker that runs until the worker, stopped on line 7, lets it end. */
    private static final String TWO_THREADS = String.join("\n",
            "AtomicBoolean done = new AtomicBoolean();",
            "Thread ticker = new Thread(() -> { while (!done.get()) { try { Thread.sleep(5); } catch (InterruptedException e) { return; } } }, \"ticker\");",
            "ticker.start();",
            "Thread worker = new Thread(() -> {",
            "    int answer = 42;",
            "    String label = \"worker\";",
            "    done.set(true);",
            "}, \"worker\");",
            "worker.start();",
            "worker.join();",
            "ticker.join();");

    @Test
    void suspendAllStopsEveryNotebookThreadAndSuspendOneOnlyItsOwn() throws Exception {
        JupyterTestClient client = running.client();
        Dap dap = new Dap(client);
        String path = dap.start(TWO_THREADS);
        dap.setBreakpoints(path, breakpoints().add(args().put("line", 7)));

        String cell = client.execute(TWO_THREADS);
        JsonNode stopped = dap.stopped("breakpoint");
        assertFalse(stopped.path("allThreadsStopped").asBoolean(), stopped.toString());
        JsonNode running = dap.request("stackTrace", args().put("threadId", dap.thread("ticker")));
        assertTrue(running.path("message").asText().contains("is running"), "the ticker runs on: " + running);
        dap.resume(stopped.path("threadId").asLong());
        assertEquals("ok", client.finish(cell).status());

        JupyterTestClient.Run all = client.run("%debugger suspend all");
        assertTrue(all.stdout().contains("stops every notebook thread"), all.stdout());
        try {
            cell = client.execute(TWO_THREADS);
            stopped = dap.stopped("breakpoint");
            assertTrue(stopped.path("allThreadsStopped").asBoolean(), stopped.toString());
            long ticker = dap.thread("ticker");
            JsonNode info = dap.body("debugInfo", args());
            assertTrue(info.path("stoppedThreads").toString().contains(String.valueOf(ticker)), info.toString());
            assertTrue(dap.stackTrace(ticker).size() > 0);
            dap.resume(stopped.path("threadId").asLong());
            Msg continued = dap.event("continued");
            assertTrue(continued.content().path("body").path("allThreadsContinued").asBoolean(), continued.toString());
            assertEquals("ok", client.finish(cell).status());
        } finally {
            assertEquals("ok", client.run("%debugger suspend thread").status());
            dap.body("disconnect", args());
        }
        assertEquals("error", client.run("%debugger suspend some").status(), "a wrong argument is refused");
    }

    /** The holder, stopped on line 10, holds a monitor the waiter waits for and a lock the parker is parked on. */
    private static final String LOCKS = String.join("\n",
            "Object lock = new Object();",
            "ReentrantLock door = new ReentrantLock();",
            "Thread holder = new Thread(() -> {",
            "    synchronized (lock) {",
            "        door.lock();",
            "        Thread waiter = new Thread(() -> { synchronized (lock) { } }, \"waiter\");",
            "        Thread parker = new Thread(() -> { door.lock(); door.unlock(); }, \"parker\");",
            "        waiter.start(); parker.start();",
            "        while (waiter.getState() != Thread.State.BLOCKED || parker.getState() != Thread.State.WAITING) Thread.onSpinWait();",
            "        int held = 1;",
            "        door.unlock();",
            "    }",
            "}, \"holder\");",
            "holder.start();",
            "holder.join();");

    @Test
    void eachStoppedFrameSaysWhichLockItHoldsOrWaitsFor() throws Exception {
        JupyterTestClient client = running.client();
        Dap dap = new Dap(client);
        String path = dap.start(LOCKS);
        dap.setBreakpoints(path, breakpoints().add(args().put("line", 10)));
        String cell = client.execute(LOCKS);
        long holder = dap.stopped("breakpoint").path("threadId").asLong();
        String holderFrames = dap.stackTrace(holder).toString();
        assertTrue(holderFrames.contains("holds java.lang.Object (id"), holderFrames);

        long waiter = dap.thread("waiter");
        dap.body("pause", args().put("threadId", waiter));
        dap.stopped("pause");
        String waiterFrames = dap.stackTrace(waiter).toString();
        assertTrue(waiterFrames.contains("waits to lock java.lang.Object (id") && waiterFrames.contains("held by \\\"holder\\\""),
                waiterFrames);
        long parker = dap.thread("parker");
        dap.body("pause", args().put("threadId", parker));
        dap.stopped("pause");
        String parkerFrames = dap.stackTrace(parker).toString();
        assertTrue(parkerFrames.contains("parked on java.util.concurrent.locks.ReentrantLock$NonfairSync (id")
                && parkerFrames.contains("held by \\\"holder\\\""), parkerFrames);

        for (long thread : List.of(waiter, parker, holder)) {
            dap.resume(thread);
        }
        assertEquals("ok", client.finish(cell).status());
        dap.body("disconnect", args());
    }

    /** Two threads that take two locks in opposite orders, each giving up after 10 s. */
    private static final String DEADLOCK = String.join("\n",
            "var left = new ReentrantLock();",
            "var right = new ReentrantLock();",
            "var bothHoldOne = new CountDownLatch(2);",
            "Thread one = new Thread(() -> { left.lock(); try { bothHoldOne.countDown(); bothHoldOne.await();"
                    + " if (right.tryLock(10, TimeUnit.SECONDS)) right.unlock(); } catch (InterruptedException e) { } finally { left.unlock(); } }, \"one\");",
            "Thread two = new Thread(() -> { right.lock(); try { bothHoldOne.countDown(); bothHoldOne.await();"
                    + " if (left.tryLock(10, TimeUnit.SECONDS)) left.unlock(); } catch (InterruptedException e) { } finally { right.unlock(); } }, \"two\");",
            "one.start(); two.start();",
            "while (!left.hasQueuedThread(two) || !right.hasQueuedThread(one)) Thread.onSpinWait();",
            "System.out.println(\"deadlocked\");",
            "one.join(); two.join();");

    @Test
    void aPauseWithNoThreadStoppedPausesThemAllAndEachContinueShowsTheNext() throws Exception {
        JupyterTestClient client = running.client();
        Dap dap = new Dap(client);
        dap.start(DEADLOCK);
        String cell = client.execute(DEADLOCK);
        client.nextIopub(m -> m.type().equals("stream") && m.content().path("text").asText().contains("deadlocked"));
        int threads = dap.body("threads", args()).path("threads").size();
        // JupyterLab's pause with no thread stopped names thread 1.
        dap.body("pause", args().put("threadId", 1));
        JsonNode stopped = dap.stopped("pause");
        assertTrue(stopped.path("allThreadsStopped").asBoolean(), stopped.toString());
        List<String> stacks = new ArrayList<>();
        for (int shown = 1; shown <= threads; shown++) {
            long thread = stopped.path("threadId").asLong();
            stacks.add(dap.stackTrace(thread).toString());
            dap.resume(thread);
            if (shown < threads) {
                stopped = dap.stopped("pause");
            }
        }
        assertEquals(0, dap.body("debugInfo", args()).path("stoppedThreads").size());
        String all = String.join("\n", stacks);
        assertTrue(all.contains("parked on java.util.concurrent.locks.ReentrantLock$NonfairSync (id")
                && all.contains("held by \\\"one\\\"") && all.contains("held by \\\"two\\\"")
                && all.contains("holds java.util.concurrent.locks.ReentrantLock$NonfairSync (id"), all);
        assertEquals("ok", client.finish(cell).status());
    }

    private static final String NESTED = String.join("\n",
            "Runnable look = () -> {",
            "    int[] numbers = {1, 2, 3};",
            "    List<String> names = new ArrayList<>(List.of(\"ada\", \"bob\"));",
            "    Map<String, Integer> ages = new HashMap<>(Map.of(\"ada\", 36));",
            "    Point corner = new Point(3, 4);",
            "    Set<Integer> small = Set.of(7); Map<String, Integer> ordered = new LinkedHashMap<>(); ordered.put(\"z\", 1); ordered.put(\"a\", 2);",
            "    System.out.println(numbers.length + names.size() + ages.size() + corner.x() + small.size() + ordered.size());",
            "};",
            "Thread looker = new Thread(look, \"looker\");",
            "looker.start();",
            "looker.join();");

    @Test
    void objectsArraysAndCollectionsExpand() throws Exception {
        JupyterTestClient client = running.client();
        assertEquals("ok", client.run("record Point(int x, int y) {}").status());
        Dap dap = new Dap(client);
        String path = dap.start(NESTED);
        dap.setBreakpoints(path, breakpoints().add(args().put("line", 7)));
        String cell = client.execute(NESTED);
        long looker = dap.stopped("breakpoint").path("threadId").asLong();
        JsonNode locals = dap.locals(dap.stackTrace(looker).get(0).path("id").asInt());

        assertEquals(List.of("[0]=1", "[1]=2", "[2]=3"), rows(dap, named(locals, "numbers")));
        assertEquals(List.of("[0]=\"ada\"", "[1]=\"bob\""), rows(dap, named(locals, "names")));
        assertEquals(List.of("\"ada\"=36"), rows(dap, named(locals, "ages")));
        assertEquals(List.of("x=3", "y=4"), rows(dap, named(locals, "corner")));
        assertEquals(List.of("[0]=7"), rows(dap, named(locals, "small")));
        assertEquals(List.of("\"z\"=1", "\"a\"=2"), rows(dap, named(locals, "ordered")), "in insertion order");
        assertEquals("Point", named(locals, "corner").path("type").asText());

        dap.resume(looker);
        assertEquals("ok", client.finish(cell).status());
        dap.body("disconnect", args());
    }

    private static List<String> rows(Dap dap, JsonNode variable) {
        int reference = variable.path("variablesReference").asInt();
        assertTrue(reference > 0, "expands: " + variable);
        List<String> rows = new ArrayList<>();
        dap.variables(reference).forEach(row -> rows.add(row.path("name").asText() + "=" + row.path("value").asText()));
        return rows;
    }

    private static final String SHOWING = String.join("\n",
            "Thread shower = new Thread(() -> {",
            "    MimeBundle shown = html(\"<i>inside</i>\");",
            "    int answer = 42;",
            "    System.out.println(answer);",
            "}, \"shower\");",
            "shower.start();",
            "shower.join();");

    @Test
    void variablesShowTheirRichDisplayAndAFramesVariableCopiesToTheNotebook() throws Exception {
        JupyterTestClient client = running.client();
        assertEquals("ok", client.run("MimeBundle page = html(\"<b>bold</b>\");\nObject copied = null;").status());
        Dap dap = new Dap(client);
        String path = dap.start(SHOWING);
        JsonNode info = dap.body("debugInfo", args());
        assertTrue(info.path("richRendering").asBoolean() && info.path("copyToGlobals").asBoolean(), info.toString());

        // Between cells: as a cell ending with the variable shows it.
        JsonNode page = dap.body("richInspectVariables", args().put("variableName", "page")).path("data");
        assertEquals("<b>bold</b>", page.path("text/html").asText(), page.toString());
        JsonNode unknown = dap.request("richInspectVariables", args().put("variableName", "nothing"));
        assertTrue(unknown.path("message").asText().contains("no variable nothing"), unknown.toString());

        dap.setBreakpoints(path, breakpoints().add(args().put("line", 4)));
        String cell = client.execute(SHOWING);
        long shower = dap.stopped("breakpoint").path("threadId").asLong();
        int frameId = dap.stackTrace(shower).get(0).path("id").asInt();
        JsonNode shown = dap.body("richInspectVariables", args().put("variableName", "shown").put("frameId", frameId)).path("data");
        assertEquals("<i>inside</i>", shown.path("text/html").asText(), shown.toString());
        // The frames still read after the stopped thread rendered the value.
        assertEquals("42", named(dap.locals(dap.stackTrace(shower).get(0).path("id").asInt()), "answer").path("value").asText());

        dap.body("copyToGlobals", args().put("srcVariableName", "answer").put("dstVariableName", "copied").put("srcFrameId", frameId));
        JsonNode missing = dap.request("copyToGlobals", args().put("srcVariableName", "answer").put("dstVariableName", "nowhere")
                .put("srcFrameId", frameId));
        assertTrue(missing.path("message").asText().contains("declare it in a cell first"), missing.toString());
        dap.resume(shower);
        assertEquals("ok", client.finish(cell).status());
        dap.body("disconnect", args());
        assertEquals("42", client.run("copied").result());
    }
}
