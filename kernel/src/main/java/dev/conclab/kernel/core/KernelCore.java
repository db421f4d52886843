package dev.conclab.kernel.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.kernel.channel.ToExecutor;
import dev.conclab.kernel.debug.DebugAdapter;
import dev.conclab.kernel.execution.ExecutorSupervisor;
import dev.conclab.kernel.history.History;
import dev.conclab.kernel.protocol.Message;
import dev.conclab.kernel.protocol.Publisher;
import dev.conclab.kernel.protocol.Replies;
import dev.conclab.kernel.protocol.RequestContent;
import dev.conclab.kernel.protocol.Session;
import dev.conclab.kernel.protocol.SocketLoop;
import dev.conclab.kernel.wire.MalformedMessageException;
import dev.conclab.kernel.wire.WireMessage;
import java.util.List;
import java.util.Map;

/**
 * Answers shell and control requests: busy before, idle after, and one reply each. Shell
 * requests run one at a time on the shell thread; control requests run on the control thread,
 * so an interrupt or a shutdown is heard while a cell runs. A shell request sent on control gets
 * an error reply there ({@link ControlChannel}) and never reaches the executor.
 */
public final class KernelCore {
    private static final System.Logger LOG = System.getLogger("conclab.kernel");

    private final Session session;
    private final Publisher iopub;
    private final ExecutorSupervisor executor;
    private final History history;
    private final CellExecution cells;
    private final KernelInfo info;
    private final Runnable shutdown;
    private final DebugAdapter debugger;
    /** The header of the latest debug_request: the parent of the debug events that follow it. */
    private volatile com.fasterxml.jackson.databind.JsonNode debugParent;

    public KernelCore(Session session, Publisher iopub, ExecutorSupervisor executor, History history,
                      dev.conclab.kernel.output.CellOutputs outputs, KernelInfo info, Runnable shutdown) {
        this.session = session;
        this.iopub = iopub;
        this.executor = executor;
        this.history = history;
        this.cells = new CellExecution(executor, iopub, outputs, history);
        this.info = info;
        this.shutdown = shutdown;
        this.debugger = new DebugAdapter(executor::connectDebugger, this::displayVariable,
                (event, body) -> iopub.publish("debug_event", debugParent, debugger().event(event, body)));
        executor.onSnippetClasses(debugger::snippetClasses);
        outputs.watchStreams(debugger::streamText);
    }

    /** Handles a message received on the shell socket. */
    public void onShell(SocketLoop shell, List<byte[]> frames) {
        Message request = decode(shell, frames);
        if (request == null) {
            return;
        }
        boolean failed = handle(shell, request);
        if (failed) {
            abortWaitingCells(shell);
        }
    }

    /** Handles a message received on the control socket. */
    public void onControl(SocketLoop control, List<byte[]> frames) {
        Message request = decode(control, frames);
        if (request == null) {
            return;
        }
        if (ControlChannel.refuses(request.msgType())) {
            refuseOnControl(control, request);
        } else {
            handle(control, request);
        }
    }

    /** Answers a shell request sent on control with an error, busy and idle around it as for any request. */
    private void refuseOnControl(SocketLoop control, Message request) {
        LOG.log(System.Logger.Level.INFO, "refused " + request.msgType() + " " + request.msgId() + " on control: it belongs on shell");
        iopub.status(request.header(), "busy");
        try {
            control.send(session.reply(request, replyType(request.msgType()), ControlChannel.wrongChannel(request.msgType())).frames());
        } finally {
            iopub.status(request.header(), "idle");
        }
    }

    private DebugAdapter debugger() {
        return debugger;
    }

    /** Handles a SIGINT sent to the kernel process: the same as an interrupt_request. */
    public void onSigint() {
        debugger.resumeAll();
        executor.interrupt();
    }

    /** Returns whether the request was a cell that failed. */
    private boolean handle(SocketLoop socket, Message request) {
        iopub.status(request.header(), "busy");
        boolean failed = false;
        try {
            Object reply = answer(request);
            if (reply instanceof CellExecution.Result result) {
                failed = result.failed() && content(request, RequestContent.Execute.class).stopsOnError();
                reply = result.reply();
            }
            if (reply != null) {
                socket.send(session.reply(request, replyType(request.msgType()), reply).frames());
            }
        } catch (BadRequest e) {
            LOG.log(System.Logger.Level.WARNING, "rejected " + request.msgType() + " " + request.msgId() + ": " + e.getMessage());
            socket.send(session.reply(request, replyType(request.msgType()),
                    new Replies.Error("BadRequest", e.getMessage(), List.of(e.getMessage()), null)).frames());
        } finally {
            iopub.status(request.header(), "idle");
        }
        if (request.msgType().equals("shutdown_request")) {
            shutdown.run();
        }
        return failed;
    }

    private Object answer(Message request) throws BadRequest {
        switch (request.msgType()) {
            case "kernel_info_request":
                return info.reply();
            case "execute_request":
                RequestContent.Execute execute = content(request, RequestContent.Execute.class);
                if (debugger.started()) {
                    debugger.cellStarting(request.msgId(), execute.code());
                }
                return cells.execute(request, execute);
            case "complete_request":
                return complete(content(request, RequestContent.Complete.class));
            case "inspect_request":
                return inspect(content(request, RequestContent.Inspect.class));
            case "is_complete_request":
                return isComplete(content(request, RequestContent.IsComplete.class));
            case "history_request":
                return history(content(request, RequestContent.History.class));
            case "comm_info_request":
                return new Replies.CommInfo("ok", Map.of());
            case "interrupt_request":
                // A thread stopped at a breakpoint would not hear the interrupt.
                debugger.resumeAll();
                executor.interrupt();
                return new Replies.Interrupt("ok");
            case "debug_request":
                debugParent = request.header();
                return debugger.handle(request.content());
            case "shutdown_request":
                return new Replies.Shutdown("ok", content(request, RequestContent.Shutdown.class).restart());
            default:
                LOG.log(System.Logger.Level.WARNING, "refused message " + request.msgId() + ": unknown type " + request.msgType());
                return null;
        }
    }

    /**
     * A notebook variable's rich display for the debugger's variables panel, rendered by the
     * executor; only between cells, since the cell thread that renders it runs the cell meanwhile.
     */
    private Map<String, String> displayVariable(String name) {
        if (executor.cellRunning() || !executor.isReady()) {
            throw new IllegalStateException("a cell is running: " + name + "'s rich display shows between cells,"
                    + " or in a frame of a thread stopped at a breakpoint");
        }
        FromExecutor answer = executor.ask(new ToExecutor.DisplayVariable(askId(), name));
        if (!(answer instanceof FromExecutor.VariableDisplay display)) {
            throw new IllegalStateException("the Java process ended before it showed " + name);
        }
        if (display.error() != null) {
            throw new IllegalArgumentException(display.error());
        }
        return display.data();
    }

    private Object complete(RequestContent.Complete request) {
        String code = request.code();
        int cursor = CodePoints.toUtf16(code, request.cursorPos());
        FromExecutor answer = executor.ask(new ToExecutor.Complete(askId(), code, cursor));
        if (!(answer instanceof FromExecutor.Completions completions)) {
            return new Replies.Complete("ok", List.of(), request.cursorPos(), request.cursorPos(), Map.of());
        }
        int start = CodePoints.fromUtf16(code, completions.start());
        int end = CodePoints.fromUtf16(code, completions.end());
        List<Map<String, Object>> types = new java.util.ArrayList<>();
        for (int i = 0; i < completions.matches().size(); i++) {
            types.add(Map.of("start", start, "end", end, "text", completions.matches().get(i),
                    "type", completions.types().get(i), "signature", completions.signatures().get(i)));
        }
        return new Replies.Complete("ok", completions.matches(), start, end, Map.of("_jupyter_types_experimental", types));
    }

    private Object inspect(RequestContent.Inspect request) {
        String code = request.code();
        FromExecutor answer = executor.ask(new ToExecutor.Inspect(askId(), code, CodePoints.toUtf16(code, request.cursorPos())));
        if (answer instanceof FromExecutor.Documentation doc && doc.found()) {
            return new Replies.Inspect("ok", true, Map.of("text/plain", doc.text()), Map.of());
        }
        return new Replies.Inspect("ok", false, Map.of(), Map.of());
    }

    private Object isComplete(RequestContent.IsComplete request) {
        if (!executor.isReady()) {
            return BracketCompleteness.of(request.code());
        }
        FromExecutor answer = executor.ask(new ToExecutor.CheckComplete(askId(), request.code()));
        if (answer instanceof FromExecutor.Completeness completeness) {
            return new Replies.IsComplete(completeness.status(),
                    completeness.status().equals("incomplete") ? completeness.indent() : null);
        }
        return new Replies.IsComplete("unknown", null);
    }

    private Object history(RequestContent.History request) {
        String type = request.histAccessType() == null ? "tail" : request.histAccessType();
        List<History.Entry> entries = switch (type) {
            case "range" -> history.range(orDefault(request.start(), 1), orDefault(request.stop(), 0));
            case "search" -> history.search(request.pattern() == null ? "*" : request.pattern(),
                    orDefault(request.n(), 0), request.unique());
            default -> history.tail(orDefault(request.n(), 10));
        };
        return new Replies.History("ok", History.rows(entries, request.output()));
    }

    /** After a failed cell, answers the execute requests already queued with "aborted", as ipykernel does. */
    private void abortWaitingCells(SocketLoop shell) {
        for (List<byte[]> frames : shell.receiveWaiting()) {
            Message request = decode(shell, frames);
            if (request == null) {
                continue;
            }
            if (request.msgType().equals("execute_request")) {
                iopub.status(request.header(), "busy");
                shell.send(session.reply(request, "execute_reply", cells.aborted()).frames());
                iopub.status(request.header(), "idle");
            } else {
                handle(shell, request);
            }
        }
    }

    private Message decode(SocketLoop socket, List<byte[]> frames) {
        try {
            return session.read(WireMessage.decode(frames));
        } catch (MalformedMessageException e) {
            LOG.log(System.Logger.Level.WARNING, "refused on " + socket.name() + ": " + e.getMessage());
            return null;
        }
    }

    private <T> T content(Message request, Class<T> type) throws BadRequest {
        try {
            return session.json().treeToValue(request.content(), type);
        } catch (JsonProcessingException e) {
            throw new BadRequest("the content of " + request.msgType() + " is not valid: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the content of " + request.msgType() + " is not valid: " + e.getMessage());
        }
    }

    /**
     * A fresh id for a question to the executor. Not the client's msg_id: the executor's answers
     * are matched by id, and the kernel does not let a client's choice of ids decide which one.
     */
    private static String askId() {
        return java.util.UUID.randomUUID().toString();
    }

    private static String replyType(String requestType) {
        return requestType.replaceFirst("_request$", "_reply");
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    /** A request whose content cannot be read. */
    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }
}
