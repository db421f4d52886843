package dev.conclab.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.KernelProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import org.zeromq.ZMQ;

/**
 * Random conversations with a real kernel: mixes of requests on shell and control (cells that
 * are fast, that sleep, that fail; completion, inspection, completeness, kernel_info, history,
 * comm_info), with interrupts and restarts among them. Whatever the mix, each request gets
 * exactly one reply, to its msg_id, on the socket it came on, in bounded time, with one busy
 * before and one idle after it on iopub; a shell request on control gets the WrongChannel error.
 * A restart is a shutdown_request with restart=true, after which the test starts a new kernel,
 * as jupyter_client does.
 */
class ConversationsIT {
    /** How long the replies to one part of a conversation may take, all together; far above what they need. */
    private static final Duration BOUND = Duration.ofSeconds(45);
    private static final Set<String> SHELL_ONLY = Set.of("execute_request", "complete_request", "inspect_request",
            "is_complete_request", "history_request", "comm_info_request");

    /** What one step of a conversation asks. */
    enum Kind {
        FAST_CELL("execute_request"), PRINTING_CELL("execute_request"), SLEEPING_CELL("execute_request"),
        FAILING_CELL("execute_request"), COMPLETE("complete_request"), INSPECT("inspect_request"),
        IS_COMPLETE("is_complete_request"), KERNEL_INFO("kernel_info_request"), HISTORY("history_request"),
        COMM_INFO("comm_info_request"), INTERRUPT("interrupt_request"), RESTART("shutdown_request");

        final String msgType;

        Kind(String msgType) {
            this.msgType = msgType;
        }

        boolean isCell() {
            return msgType.equals("execute_request");
        }

        ObjectNode content() {
            return switch (this) {
                case FAST_CELL -> JupyterTestClient.executeContent("6 * 7");
                case PRINTING_CELL -> JupyterTestClient.executeContent("System.out.println(\"printed\");");
                // The sleep is what is tested: a cell that runs while other requests arrive.
                case SLEEPING_CELL -> JupyterTestClient.executeContent("Thread.sleep(500);");
                case FAILING_CELL -> JupyterTestClient.executeContent("throw new IllegalStateException(\"planned\");");
                case COMPLETE -> JupyterTestClient.content().put("code", "Strin").put("cursor_pos", 5);
                case INSPECT -> JupyterTestClient.content().put("code", "String.format").put("cursor_pos", 10).put("detail_level", 0);
                case IS_COMPLETE -> JupyterTestClient.content().put("code", "for (int i = 0; i < 3; i++) {");
                case HISTORY -> JupyterTestClient.content().put("hist_access_type", "tail").put("n", 5).put("output", false).put("raw", true);
                case RESTART -> JupyterTestClient.content().put("restart", true);
                default -> JupyterTestClient.content();
            };
        }
    }

    /** One request of a conversation, on control or on shell. */
    record Step(Kind kind, boolean onControl) {
        @Override
        public String toString() {
            return kind + (onControl ? "@control" : "@shell");
        }
    }

    /** A request sent, with what it was. */
    private record Sent(String msgId, Step step, boolean cellMustSucceed) {}

    private static KernelProcess kernel;
    private static JupyterTestClient client;

    @AfterContainer
    static void stopKernel() throws InterruptedException {
        stop();
    }

    // Edge cases off: jqwik would put its edge cases (restarts among them) into most of 15 tries.
    @Property(tries = 15, edgeCases = EdgeCasesMode.NONE)
    void everyRequestGetsExactlyOneReplyWithBusyAndIdle(@ForAll("conversations") List<Step> conversation) throws Exception {
        // What the tries covered, printed by jqwik after the run.
        Statistics.label("restarts").collect(conversation.stream().filter(step -> step.kind() == Kind.RESTART).count());
        Statistics.label("interrupts").collect(conversation.stream().anyMatch(step -> step.kind() == Kind.INTERRUPT));
        Statistics.label("shell requests on control").collect(conversation.stream()
                .anyMatch(step -> step.onControl() && SHELL_ONLY.contains(step.kind().msgType)));
        boolean finished = false;
        try {
            ensureKernel();
            List<Step> part = new ArrayList<>();
            for (Step step : conversation) {
                if (step.kind() == Kind.RESTART) {
                    converse(part);
                    part.clear();
                    restart();
                } else {
                    part.add(step);
                }
            }
            converse(part);
            finished = true;
        } finally {
            if (!finished) {
                // A failed conversation may leave the kernel anyhow: the next one gets a fresh one.
                stop();
            }
        }
    }

    /** Sends {@code steps} back to back, then checks every reply and every busy and idle. */
    private static void converse(List<Step> steps) throws Exception {
        if (steps.isEmpty()) {
            return;
        }
        boolean interrupted = steps.stream().anyMatch(step -> step.kind() == Kind.INTERRUPT);
        boolean failedBefore = false;
        List<Sent> sent = new ArrayList<>();
        for (Step step : steps) {
            ZMQ.Socket socket = step.onControl() ? client.control() : client.shell();
            String id = client.send(socket, step.kind().msgType, step.kind().content());
            boolean reachesExecutor = step.kind().isCell() && !step.onControl();
            sent.add(new Sent(id, step, reachesExecutor && step.kind() != Kind.FAILING_CELL && !interrupted && !failedBefore));
            failedBefore |= reachesExecutor && step.kind() == Kind.FAILING_CELL;
        }
        Map<String, Msg> replies = new LinkedHashMap<>();
        long deadline = System.nanoTime() + BOUND.toNanos();
        collectReplies(client.control(), sent.stream().filter(s -> s.step().onControl()).toList(), replies, deadline);
        collectReplies(client.shell(), sent.stream().filter(s -> !s.step().onControl()).toList(), replies, deadline);
        for (Sent each : sent) {
            checkReply(each, replies.get(each.msgId()));
        }
        checkBusyAndIdle(sent);
        assertNull(client.receive(client.shell(), Duration.ofMillis(200)), "a second reply on shell");
        assertNull(client.receive(client.control(), Duration.ofMillis(200)), "a second reply on control");
    }

    /** Reads {@code socket} until each of {@code expected} has its reply; fails on a reply to anything else or a second one. */
    private static void collectReplies(ZMQ.Socket socket, List<Sent> expected, Map<String, Msg> replies, long deadline) {
        Set<String> ids = new java.util.HashSet<>();
        expected.forEach(s -> ids.add(s.msgId()));
        int received = 0;
        while (received < expected.size()) {
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            Msg reply = client.receive(socket, left);
            assertNotNull(reply, "no reply within " + BOUND + " to " + expected + "; answered: " + replies.keySet() + "\n" + kernel.log());
            assertTrue(ids.contains(reply.parentId()), "a reply to a request not sent on this socket: " + reply);
            assertNull(replies.put(reply.parentId(), reply), "a second reply to " + reply.parentId());
            received++;
        }
    }

    private static void checkReply(Sent sent, Msg reply) {
        Step step = sent.step();
        String what = step + " " + sent.msgId() + ": " + reply;
        assertEquals(step.kind().msgType.replace("_request", "_reply"), reply.type(), what);
        String status = reply.content().path("status").asText();
        if (step.onControl() && SHELL_ONLY.contains(step.kind().msgType)) {
            assertEquals("error", status, what);
            assertEquals("WrongChannel", reply.content().path("ename").asText(), what);
        } else if (step.kind() == Kind.IS_COMPLETE) {
            assertEquals("incomplete", status, what);
        } else if (step.kind() == Kind.FAILING_CELL) {
            assertNotEquals("ok", status, what);
        } else if (step.kind().isCell()) {
            assertTrue(Set.of("ok", "error", "aborted").contains(status), what);
            if (sent.cellMustSucceed()) {
                assertEquals("ok", status, "no interrupt and no failing cell before it: " + what);
            }
        } else {
            assertEquals("ok", status, what);
        }
    }

    /** One busy and then one idle on iopub for each request, whatever else came between. */
    private static void checkBusyAndIdle(List<Sent> sent) throws InterruptedException {
        Map<String, List<String>> states = new LinkedHashMap<>();
        sent.forEach(s -> states.put(s.msgId(), new ArrayList<>()));
        while (states.values().stream().anyMatch(seen -> !seen.contains("idle"))) {
            Msg msg = client.nextIopub(m -> states.containsKey(m.parentId()) && m.type().equals("status"));
            states.get(msg.parentId()).add(msg.content().path("execution_state").asText());
        }
        for (Sent each : sent) {
            assertEquals(List.of("busy", "idle"), states.get(each.msgId()), each.step() + " " + each.msgId());
        }
    }

    /** A shutdown_request with restart=true: its reply, busy and idle; then the kernel ends, and a new one starts. */
    private static void restart() throws Exception {
        Sent shutdown = new Sent(client.send(client.control(), "shutdown_request", Kind.RESTART.content()),
                new Step(Kind.RESTART, true), false);
        Msg reply = client.receive(client.control(), BOUND);
        assertNotNull(reply, "no shutdown_reply within " + BOUND + "\n" + kernel.log());
        assertEquals(shutdown.msgId(), reply.parentId());
        assertEquals("shutdown_reply", reply.type());
        assertTrue(reply.content().path("restart").asBoolean(), reply.toString());
        checkBusyAndIdle(List.of(shutdown));
        assertTrue(kernel.awaitExit(BOUND), "the kernel ends after a shutdown_request\n" + kernel.log());
        stop();
        ensureKernel();
    }

    private static void ensureKernel() throws Exception {
        if (kernel != null) {
            return;
        }
        kernel = KernelProcess.start();
        client = new JupyterTestClient(kernel);
        // Once a cell has run, iopub is subscribed and the executor is warm.
        assertEquals("ok", client.runFirst("1").status(), kernel.log());
    }

    private static void stop() throws InterruptedException {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (kernel != null) {
                kernel.close();
            }
            client = null;
            kernel = null;
        }
    }

    /** Conversations of 1 to 6 requests; about one in four holds a restart (each costs a kernel start). */
    @Provide
    Arbitrary<List<Step>> conversations() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(4, Kind.FAST_CELL), Tuple.of(2, Kind.PRINTING_CELL), Tuple.of(2, Kind.SLEEPING_CELL),
                Tuple.of(2, Kind.FAILING_CELL), Tuple.of(3, Kind.COMPLETE), Tuple.of(2, Kind.INSPECT),
                Tuple.of(2, Kind.IS_COMPLETE), Tuple.of(2, Kind.KERNEL_INFO), Tuple.of(1, Kind.HISTORY),
                Tuple.of(1, Kind.COMM_INFO), Tuple.of(2, Kind.INTERRUPT), Tuple.of(2, Kind.RESTART));
        Arbitrary<Step> steps = Combinators.combine(kinds, Arbitraries.integers().between(0, 2)).as((kind, channel) ->
                // Interrupts and shutdowns belong on control; a third of the others go there too.
                new Step(kind, kind == Kind.INTERRUPT || kind == Kind.RESTART || channel == 0));
        return steps.list().ofMinSize(1).ofMaxSize(6);
    }
}
