package dev.conclab.kernel.debug;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.request.StepRequest;
import dev.conclab.kernel.channel.FromExecutor;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers {@code debug_request}s: the Debug Adapter Protocol requests JupyterLab's debugger
 * sends, and Jupyter's own (debugInfo, dumpCell, inspectVariables, richInspectVariables,
 * copyToGlobals), each with a DAP response
 * for the {@code debug_reply}. The JDI work is {@link JdiSession}'s; this class only routes.
 */
public final class DebugAdapter {
    /** Connects to the running executor's debugging agent (ExecutorSupervisor). */
    @FunctionalInterface
    public interface Connector {
        Socket connect() throws IOException;
    }

    /**
     * The rich display of a notebook variable, from the executor between cells (as a cell ending
     * with the variable shows it); IllegalStateException or IllegalArgumentException saying why not.
     */
    @FunctionalInterface
    public interface VariableDisplays {
        Map<String, String> of(String name);
    }

    private final Connector connector;
    private final VariableDisplays displays;
    private final DebugEvents events;
    private final CellFiles files = new CellFiles();
    private final SnippetLines lines = new SnippetLines();
    private final Handles handles = new Handles();
    private final AtomicInteger seq = new AtomicInteger();
    private volatile JdiSession session;
    /**
     * Whether a client started a session: from {@code initialize} (as ipykernel says, not only
     * from {@code attach}) until {@code disconnect} or the executor's end. JupyterLab sends
     * {@code debugInfo} from several places while it starts a session and takes the
     * {@code isStarted} of the last answer it reads: answered false between its initialize and
     * its attach, that answer arrived after it had marked the session started, and the session
     * stayed unstarted in its eyes (the walk-through's step d2, one run in ten at load 20).
     */
    private volatile boolean started;

    public DebugAdapter(Connector connector, VariableDisplays displays, DebugEvents events) {
        this.connector = connector;
        this.displays = displays;
        this.events = events;
    }

    /** Whether a client attached: only then do cells need their file names known. */
    public boolean started() {
        return started;
    }

    /** A cell is about to run (only asked while {@link #started}). */
    public void cellStarting(String cellId, String code) {
        lines.cellStarting(cellId, files.pathOf(code));
    }

    /** The executor says which classes a cell's snippets compiled to. */
    public void snippetClasses(FromExecutor.SnippetClasses report) {
        try {
            lines.classes(report);
        } catch (VMDisconnectedException e) {
            // The executor ended meanwhile: its breakpoints went with it.
        }
    }

    /**
     * Text a cell wrote, also to the debug console while a session is attached (a DAP
     * {@code output} event, as debugpy sends under ipykernel); it still reaches its cell as ever.
     */
    public void streamText(String stream, String text) {
        JdiSession current = session;
        if (started && current != null && current.alive()) {
            events.send("output", Map.of("category", stream.equals("stderr") ? "stderr" : "stdout", "output", text));
        }
    }

    /** Before an interrupt: a stopped thread could not hear it. */
    public void resumeAll() {
        JdiSession current = session;
        if (current != null && current.alive()) {
            try {
                current.resumeAll();
            } catch (VMDisconnectedException e) {
                // The executor is gone: nothing is stopped.
            }
        }
    }

    /** The DAP response to one request (the content of a debug_request). */
    public Map<String, Object> handle(JsonNode request) {
        String command = request.path("command").asText();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("seq", seq.incrementAndGet());
        response.put("type", "response");
        response.put("request_seq", request.path("seq").asInt());
        response.put("command", command);
        try {
            response.put("body", answer(command, request.path("arguments")));
            response.put("success", true);
        } catch (IllegalArgumentException | IllegalStateException | IOException | VMDisconnectedException e) {
            response.put("success", false);
            response.put("message", e instanceof VMDisconnectedException
                    ? "the Java process ended; attach again to debug the new one" : e.getMessage());
        }
        return response;
    }

    /** A DAP event, numbered in the same sequence as the responses. */
    public Map<String, Object> event(String event, Map<String, Object> body) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("seq", seq.incrementAndGet());
        message.put("type", "event");
        message.put("event", event);
        message.put("body", body);
        return message;
    }

    private Object answer(String command, JsonNode arguments) throws IOException {
        switch (command) {
            case "debugInfo":
                return debugInfo();
            case "initialize":
                started = true;
                return Map.of("supportsConfigurationDoneRequest", true, "supportsConditionalBreakpoints", true,
                        "supportsHitConditionalBreakpoints", true,
                        "supportsEvaluateForHovers", true, "supportsStepBack", false, "supportsSetVariable", false);
            case "attach":
                attach();
                return Map.of();
            case "configurationDone":
                return Map.of();
            case "dumpCell":
                return Map.of("sourcePath", files.dump(arguments.path("code").asText()));
            case "source":
                return source(arguments.path("source").path("path").asText());
            case "setBreakpoints":
                return setBreakpoints(arguments);
            case "threads":
                return threads();
            case "stackTrace":
                return Map.of("stackFrames", Frames.of(live(), thread(arguments), handles));
            case "scopes":
                return Map.of("scopes", Variables.scopes(handles.get(arguments.path("frameId").asInt(), Frames.FrameRef.class), handles));
            case "variables":
                return Map.of("variables", Variables.of(handles.get(arguments.path("variablesReference").asInt(), Object.class), handles));
            case "continue":
                return resume(arguments);
            case "next":
                return step(arguments, StepRequest.STEP_OVER);
            case "stepIn":
                return step(arguments, StepRequest.STEP_INTO);
            case "stepOut":
                return step(arguments, StepRequest.STEP_OUT);
            case "pause":
                if (!arguments.has("threadId")) {
                    throw new IllegalArgumentException("the request needs a threadId");
                }
                live().stopped().pause(arguments.path("threadId").asLong());
                return Map.of();
            case "disconnect":
                disconnect();
                return Map.of();
            case "inspectVariables":
                return Map.of("variables", NotebookVariables.of(live().snippetTypes(), handles));
            case "evaluate":
                return evaluate(arguments);
            case "richInspectVariables":
                return richInspect(arguments);
            case "copyToGlobals":
                return copyToGlobals(arguments);
            default:
                throw new IllegalArgumentException("the Java kernel's debugger does not answer " + command + " yet");
        }
    }

    private Map<String, Object> debugInfo() {
        JdiSession current = session;
        List<Map<String, Object>> breakpoints = new ArrayList<>();
        if (current != null && current.alive()) {
            current.breakpoints().forEach((path, cellLines) -> breakpoints.add(Map.of("source", path,
                    "breakpoints", cellLines.stream().map(line -> Map.of("line", line)).toList())));
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("isStarted", started);
        info.put("hashMethod", "Murmur2");
        info.put("hashSeed", CellFiles.SEED);
        info.put("tmpFilePrefix", files.prefix());
        info.put("tmpFileSuffix", CellFiles.SUFFIX);
        info.put("breakpoints", breakpoints);
        info.put("stoppedThreads", current == null ? List.of() : current.stoppedThreads());
        info.put("richRendering", true);
        info.put("exceptionPaths", List.of());
        info.put("copyToGlobals", true);
        return info;
    }

    private synchronized void attach() throws IOException {
        JdiSession current = session;
        try {
            if (current == null || !current.alive()) {
                current = JdiSession.open(connector.connect(), lines, this::publish);
                session = current;
            }
            current.attach();
        } catch (IOException | RuntimeException e) {
            started = false;
            throw e;
        }
        started = true;
        publish("initialized", Map.of());
    }

    private void publish(String event, Map<String, Object> body) {
        if (event.equals("terminated")) {
            started = false;
        }
        events.send(event, body);
    }

    /**
     * Sets a cell file's breakpoints. One whose condition or hit condition this debugger cannot
     * evaluate is answered {@code verified: false} with the reason in its {@code message} (JupyterLab
     * shows it on the breakpoint) and is not set; the others are.
     */
    private Map<String, Object> setBreakpoints(JsonNode arguments) {
        String path = arguments.path("source").path("path").asText();
        List<Breakpoint> set = new ArrayList<>();
        List<Map<String, Object>> answered = new ArrayList<>();
        for (JsonNode each : arguments.path("breakpoints")) {
            int line = each.path("line").asInt();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("line", line);
            answer.put("source", Map.of("path", path));
            try {
                set.add(new Breakpoint(line, text(each, "condition"), text(each, "hitCondition")));
                answer.put("verified", true);
            } catch (IllegalArgumentException e) {
                answer.put("verified", false);
                answer.put("message", e.getMessage());
            }
            answered.add(answer);
        }
        live().setBreakpoints(path, set);
        return Map.of("breakpoints", answered);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.path(field).asText() : null;
    }

    private Map<String, Object> threads() {
        List<Map<String, Object>> threads = new ArrayList<>();
        for (ThreadReference thread : live().threads()) {
            threads.add(Map.of("id", thread.uniqueID(), "name", thread.name()));
        }
        return Map.of("threads", threads);
    }

    private Map<String, Object> source(String path) {
        String content = files.read(path);
        if (content == null) {
            throw new IllegalArgumentException("no cell source is known by the path " + path);
        }
        return Map.of("content", content);
    }

    /**
     * Lets the stopped thread {@code threadId} go on, alone. A threadId that names no stopped
     * thread lets every stopped thread go: JupyterLab sends threadId 1 when it lost track of
     * which one stopped, and DAP's continue without singleThread means all threads anyway.
     */
    private Map<String, Object> resume(JsonNode arguments) {
        JdiSession live = live();
        long id = arguments.path("threadId").asLong(-1);
        if (live.stoppedThreads().contains(id)) {
            live.stopped().resume(live.thread(id));
            return Map.of("allThreadsContinued", false);
        }
        live.stopped().resumeStopped();
        return Map.of("allThreadsContinued", true);
    }

    private Map<String, Object> evaluate(JsonNode arguments) {
        StackFrame frame = null;
        if (arguments.hasNonNull("frameId")) {
            Frames.FrameRef ref = handles.get(arguments.path("frameId").asInt(), Frames.FrameRef.class);
            frame = Variables.frame(ref);
        }
        return Evaluation.body(Evaluation.evaluate(arguments.path("expression").asText(), frame, live().snippetTypes()), handles);
    }

    /**
     * A variable's rich display, as ipykernel answers it: with no thread stopped, a notebook
     * variable as a cell ending with it shows it (the executor renders it between cells); with a
     * frame, the frame's variable, rendered by the stopped thread itself ({@link RichValues}).
     */
    private Map<String, Object> richInspect(JsonNode arguments) {
        String name = arguments.path("variableName").asText();
        Map<String, String> data;
        if (arguments.hasNonNull("frameId")) {
            Frames.FrameRef ref = handles.get(arguments.path("frameId").asInt(), Frames.FrameRef.class);
            data = RichValues.of(Evaluation.evaluate(name, Variables.frame(ref), live().snippetTypes()), ref.thread());
        } else {
            data = displays.of(name);
        }
        return Map.of("data", data, "metadata", Map.of());
    }

    /**
     * Copies a frame's variable into a notebook variable of the same or the given name, as
     * ipykernel's copyToGlobals does. Java cannot declare a variable while a cell runs, so the
     * notebook variable must exist already with a type the value fits (e.g. {@code Object copy;}).
     */
    private Map<String, Object> copyToGlobals(JsonNode arguments) {
        String source = arguments.path("srcVariableName").asText();
        String target = arguments.path("dstVariableName").asText(source);
        Frames.FrameRef ref = handles.get(arguments.path("srcFrameId").asInt(), Frames.FrameRef.class);
        JdiSession live = live();
        com.sun.jdi.Value value = Evaluation.evaluate(source, Variables.frame(ref), live.snippetTypes());
        NotebookVariables.assign(target, value, live.snippetTypes(), ref.thread());
        return Map.of("value", Variables.show(value), "type", value == null ? "null" : Variables.typeName(value.type().name()),
                "variablesReference", 0);
    }

    private Map<String, Object> step(JsonNode arguments, int depth) {
        live().step(thread(arguments), depth);
        return Map.of();
    }

    private synchronized void disconnect() {
        JdiSession current = session;
        started = false;
        if (current != null) {
            current.detach();
        }
        handles.clear();
    }

    private ThreadReference thread(JsonNode arguments) {
        if (!arguments.has("threadId")) {
            throw new IllegalArgumentException("the request needs a threadId");
        }
        return live().thread(arguments.path("threadId").asLong());
    }

    private JdiSession live() {
        JdiSession current = session;
        if (current == null || !current.alive() || !started) {
            throw new IllegalStateException("no debug session: send attach first");
        }
        return current;
    }
}
