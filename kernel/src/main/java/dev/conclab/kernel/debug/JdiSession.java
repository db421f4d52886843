package dev.conclab.kernel.debug;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.ClassLoaderReference;
import com.sun.jdi.Field;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Location;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.ThreadGroupReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.ThreadDeathEvent;
import com.sun.jdi.event.ThreadStartEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.StepRequest;
import com.sun.jdi.request.ThreadDeathRequest;
import com.sun.jdi.request.ThreadStartRequest;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's JDI connection to one executor JVM: breakpoints on cell lines, the notebook's
 * threads, stepping. A breakpoint or step suspends only the thread that reached it and the others
 * keep running, unless the notebook asked for suspend-all ({@code %debugger suspend all}, read
 * from the executor's {@link #OPTIONS} at each stop): then every notebook thread stops with it,
 * and a continue lets them all go. The connection outlives a DAP session (the agent dials only once, see
 * {@link DebugPort}): {@link #detach} removes every request and resumes every stopped thread.
 */
final class JdiSession {
    private static final String NOTEBOOK_GROUP = "dev.conclab.runtime.internal.cells.NotebookThreadGroup";
    private static final String CELL_CLASSES = "REPL.*";
    /**
     * The executor's JShell engine: the notebook's has its snippets' class loader in
     * {@link #LOADER_FIELD} once their first class loaded, and {@link #NOTEBOOK_FIELD} true.
     */
    private static final String ENGINE = "dev.conclab.executor.DeferringExecutionControl";
    private static final String LOADER_FIELD = "notebookLoader";
    private static final String NOTEBOOK_FIELD = "notebook";
    /** The executor's debugger options, set by {@code %debugger}; its field says whether a stop suspends every notebook thread. */
    private static final String OPTIONS = "dev.conclab.executor.DebuggerOptions";
    private static final String SUSPEND_ALL_FIELD = "suspendAll";

    private final VirtualMachine vm;
    private final EventRequestManager requests;
    private final SnippetLines lines;
    private final DebugEvents events;
    /** The breakpoints of each cell file. */
    private final Map<String, List<Breakpoint>> breakpoints = new HashMap<>();
    private final Map<String, List<BreakpointRequest>> requestsByPath = new HashMap<>();
    /** Prepared classes by snippet class (nested classes with their snippet's). */
    private final Map<String, List<ReferenceType>> loaded = new HashMap<>();
    private final StoppedThreads stopped;
    /** The notebook threads announced by a {@code thread} event, so that their end is announced too. */
    private final Set<Long> announced = ConcurrentHashMap.newKeySet();
    private ThreadStartRequest threadStarts;
    private ThreadDeathRequest threadDeaths;
    private ObjectReference options;
    private ClassPrepareRequest preparing;
    /**
     * The class loader of the notebook's JShell, null until a cell's class loaded: the executor's
     * warm-up runs a second JShell whose classes have the same names ({@code REPL.$JShell$12}), and
     * it goes on between cells, so which loader a class came from is the only way to tell them apart.
     */
    private ClassLoaderReference cellLoader;
    private volatile boolean alive = true;
    /** Whether a DAP session is attached: only then does the executor's end say {@code terminated}. */
    private volatile boolean attached;

    private JdiSession(VirtualMachine vm, SnippetLines lines, DebugEvents events) {
        this.vm = vm;
        this.requests = vm.eventRequestManager();
        this.lines = lines;
        this.events = events;
        this.stopped = new StoppedThreads(events, this::threads, this::thread);
    }

    /** Opens JDI over a connection {@link DebugPort} accepted, and starts reading its events. */
    static JdiSession open(Socket socket, SnippetLines lines, DebugEvents events) throws IOException {
        VirtualMachine vm = Bootstrap.virtualMachineManager().createVirtualMachine(JdwpConnection.handshake(socket));
        JdiSession session = new JdiSession(vm, lines, events);
        lines.onArrival(session::apply);
        Thread reader = new Thread(session::readEvents, "conclab-debug-events");
        reader.setDaemon(true);
        reader.start();
        return session;
    }

    boolean alive() {
        return alive;
    }

    /** Starts watching cell classes as they load; those loaded already are taken as they are. */
    synchronized void attach() {
        attached = true;
        if (preparing == null) {
            preparing = requests.createClassPrepareRequest();
            preparing.addClassFilter(CELL_CLASSES);
            preparing.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            preparing.enable();
            // Thread events, for the notebook's threads only (see threadEvent). A starting thread
            // waits while its group is read: a short-lived one could otherwise end first, its
            // group gone, and be neither announced nor its end.
            threadStarts = requests.createThreadStartRequest();
            threadStarts.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            threadStarts.enable();
            threadDeaths = requests.createThreadDeathRequest();
            threadDeaths.setSuspendPolicy(EventRequest.SUSPEND_NONE);
            threadDeaths.enable();
            for (ReferenceType type : vm.allClasses()) {
                if (type.name().startsWith("REPL.") && isCellClass(type)) {
                    remember(type);
                }
            }
        }
    }

    /** Sets the breakpoints of a cell file, replacing its earlier ones. */
    synchronized void setBreakpoints(String path, List<Breakpoint> cellBreakpoints) {
        breakpoints.put(path, List.copyOf(cellBreakpoints));
        apply(path);
    }

    /** The lines with a breakpoint, by cell file. */
    synchronized Map<String, List<Integer>> breakpoints() {
        Map<String, List<Integer>> lines = new LinkedHashMap<>();
        breakpoints.forEach((path, set) -> lines.put(path, set.stream().map(Breakpoint::line).toList()));
        return lines;
    }

    Set<Long> stoppedThreads() {
        return stopped.ids();
    }

    /** The threads stopped for the client: continue, pause. */
    StoppedThreads stopped() {
        return stopped;
    }

    /** The notebook's live threads (not the executor's own). */
    List<ThreadReference> threads() {
        List<ThreadReference> threads = new ArrayList<>();
        for (ThreadReference thread : vm.allThreads()) {
            if (isNotebook(thread)) {
                threads.add(thread);
            }
        }
        return threads;
    }

    ThreadReference thread(long id) {
        for (ThreadReference thread : vm.allThreads()) {
            if (thread.uniqueID() == id) {
                return thread;
            }
        }
        throw new IllegalArgumentException("there is no thread " + id + " (it may have ended)");
    }

    /** Steps {@code thread} by a line (depth: StepRequest.STEP_OVER, STEP_INTO or STEP_OUT) within cell code. */
    synchronized void step(ThreadReference thread, int depth) {
        for (StepRequest old : List.copyOf(requests.stepRequests())) {
            if (old.thread().equals(thread)) {
                requests.deleteEventRequest(old);
            }
        }
        StepRequest step = requests.createStepRequest(thread, StepRequest.STEP_LINE, depth);
        // Steps end only in cell code: stepping out of a cell's last line goes on to the next
        // cell line this thread reaches, never into the JDK or the executor.
        step.addClassFilter(CELL_CLASSES);
        step.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        step.enable();
        stopped.stepping(thread);
    }

    /** Ends the DAP session: no breakpoint, step or class watch remains, and no thread stays stopped. */
    synchronized void detach() {
        attached = false;
        if (!alive) {
            return;
        }
        try {
            requests.deleteAllBreakpoints();
            requests.deleteEventRequests(List.copyOf(requests.stepRequests()));
            if (preparing != null) {
                requests.deleteEventRequest(preparing);
                requests.deleteEventRequest(threadStarts);
                requests.deleteEventRequest(threadDeaths);
                preparing = null;
            }
            announced.clear();
            breakpoints.clear();
            requestsByPath.clear();
            loaded.clear();
            resumeAll();
        } catch (VMDisconnectedException e) {
            alive = false;
        }
    }

    /** Resumes every thread a breakpoint, step or pause stopped (an interrupt must reach them). */
    void resumeAll() {
        for (ThreadReference thread : vm.allThreads()) {
            if (stopped.contains(thread.uniqueID()) || isNotebook(thread)) {
                stopped.resumeFully(thread);
            }
        }
        stopped.clear();
    }

    List<com.sun.jdi.StackFrame> frames(ThreadReference thread) {
        try {
            return thread.frames();
        } catch (IncompatibleThreadStateException e) {
            throw new IllegalArgumentException("thread \"" + thread.name() + "\" is running: pause it to see its stack");
        }
    }

    SnippetLines lines() {
        return lines;
    }

    /** The user's snippet classes loaded so far (nested ones included); none before a cell ran while attached. */
    synchronized List<ReferenceType> snippetTypes() {
        List<ReferenceType> types = new ArrayList<>();
        loaded.values().forEach(types::addAll);
        types.removeIf(type -> !isCellClass(type));
        return types;
    }

    private void readEvents() {
        try {
            while (true) {
                EventSet set = vm.eventQueue().remove();
                boolean resume = true;
                for (Event event : set) {
                    if (event instanceof ClassPrepareEvent prepared) {
                        prepared(prepared.referenceType(), prepared.thread());
                    } else if (event instanceof BreakpointEvent hit) {
                        if (stops(hit)) {
                            resume = false;
                            stopped.stoppedAt(hit.thread(), "breakpoint", suspendAllWanted());
                        }
                    } else if (event instanceof StepEvent step) {
                        synchronized (this) {
                            requests.deleteEventRequest(step.request());
                        }
                        resume = false;
                        stopped.stoppedAt(step.thread(), "step", suspendAllWanted());
                    } else if (event instanceof ThreadStartEvent started) {
                        threadEvent(started.thread(), true);
                    } else if (event instanceof ThreadDeathEvent ended) {
                        threadEvent(ended.thread(), false);
                    } else if (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent) {
                        ended();
                        return;
                    }
                }
                if (resume) {
                    set.resume();
                }
            }
        } catch (InterruptedException | VMDisconnectedException e) {
            ended();
        }
    }

    /**
     * The executor ended (killed, exited, restarted): its threads and breakpoints went with it, and
     * an attached client hears {@code terminated}, so that it ends its session instead of
     * showing threads that no longer exist. Attaching again debugs the next executor.
     */
    private void ended() {
        if (alive) {
            alive = false;
            stopped.clear();
            if (attached) {
                attached = false;
                events.send("terminated", Map.of());
            }
        }
    }

    /** Whether the notebook asked that a stop suspend all its threads ({@code %debugger suspend all}). */
    private boolean suspendAllWanted() {
        try {
            if (options == null) {
                for (ReferenceType type : vm.classesByName(OPTIONS)) {
                    for (ObjectReference instance : type.instances(1)) {
                        options = instance;
                    }
                }
            }
            return options != null && options.getValue(options.referenceType().fieldByName(SUSPEND_ALL_FIELD))
                    instanceof com.sun.jdi.BooleanValue yes && yes.value();
        } catch (RuntimeException e) {
            // No options object (an executor without the magic): suspend-one, the default.
            return false;
        }
    }

    /**
     * Whether a thread that reached a breakpoint stops there: its condition and hit count say so.
     * A condition that cannot be evaluated stops it, and the debug console says why (DAP output).
     */
    private boolean stops(BreakpointEvent hit) {
        Breakpoint breakpoint = (Breakpoint) hit.request().getProperty(Breakpoint.class);
        if (breakpoint == null) {
            return true;
        }
        try {
            return breakpoint.stops(hit.thread().frame(0), snippetTypes());
        } catch (IllegalArgumentException | IncompatibleThreadStateException | com.sun.jdi.InvalidStackFrameException e) {
            events.send("output", Map.of("category", "console", "output", "The condition " + breakpoint.conditionText()
                    + " of the breakpoint on line " + breakpoint.line() + " could not be evaluated, so the thread \""
                    + hit.thread().name() + "\" stopped there: " + e.getMessage() + "\n"));
            return true;
        }
    }

    /** A DAP {@code thread} event for a notebook thread's start or end (the executor's own threads are not shown). */
    private void threadEvent(ThreadReference thread, boolean started) {
        long id = thread.uniqueID();
        if (started ? isNotebook(thread) && announced.add(id) : announced.remove(id)) {
            events.send("thread", Map.of("reason", started ? "started" : "exited", "threadId", id));
        }
    }

    /**
     * A cell class loaded, its thread suspended until its breakpoints are set. The executor sends
     * the class's place before the code runs, so it is normally here already; when it is not,
     * {@link #apply} sets them once it arrives.
     */
    private void prepared(ReferenceType type, ThreadReference thread) {
        learnLoader(type, thread);
        if (!isCellClass(type)) {
            return;
        }
        SnippetLines.Place place = remember(type);
        if (place != null) {
            apply(place.path());
        }
    }

    /**
     * Learns the notebook's class loader from its first class, which JShell prepares inside the
     * engine's {@code load} (the engine has not kept the loader yet): the engine on the stack of
     * the suspended thread says whether it is the notebook's.
     */
    private synchronized void learnLoader(ReferenceType type, ThreadReference thread) {
        if (cellLoader != null) {
            return;
        }
        try {
            for (com.sun.jdi.StackFrame frame : thread.frames()) {
                ObjectReference engine = frame.thisObject();
                if (engine != null && engine.referenceType().name().equals(ENGINE)) {
                    Field notebook = engine.referenceType().fieldByName(NOTEBOOK_FIELD);
                    if (notebook != null && engine.getValue(notebook) instanceof com.sun.jdi.BooleanValue yes && yes.value()) {
                        cellLoader = type.classLoader();
                    }
                    return;
                }
            }
        } catch (IncompatibleThreadStateException | RuntimeException e) {
            // Not suspended after all: the engine's field tells, once it is set (cellLoader()).
        }
    }

    /** Whether a class is the notebook's, not the warm-up JShell's of the same name. */
    private synchronized boolean isCellClass(ReferenceType type) {
        ClassLoaderReference notebook = cellLoader();
        return notebook != null && notebook.equals(type.classLoader());
    }

    /**
     * The notebook JShell's class loader, as the executor's engine keeps it (read once it is
     * there: one executor has one notebook JShell); null before any cell class loaded.
     */
    private synchronized ClassLoaderReference cellLoader() {
        if (cellLoader == null) {
            for (ReferenceType engine : vm.classesByName(ENGINE)) {
                Field field = engine.fieldByName(LOADER_FIELD);
                if (field == null) {
                    continue;
                }
                for (ObjectReference instance : engine.instances(0)) {
                    if (instance.getValue(field) instanceof ClassLoaderReference loader) {
                        cellLoader = loader;
                    }
                }
            }
        }
        return cellLoader;
    }

    private synchronized SnippetLines.Place remember(ReferenceType type) {
        String snippet = SnippetLines.snippetClass(type.name());
        if (snippet == null) {
            return null;
        }
        loaded.computeIfAbsent(snippet, k -> new ArrayList<>()).add(type);
        return lines.placeOf(snippet);
    }

    /** (Re)sets the breakpoint requests of one cell file on every loaded class of it. */
    private synchronized void apply(String path) {
        if (preparing == null) {
            return;
        }
        for (BreakpointRequest old : requestsByPath.getOrDefault(path, List.of())) {
            requests.deleteEventRequest(old);
        }
        List<BreakpointRequest> made = new ArrayList<>();
        List<Breakpoint> cellBreakpoints = breakpoints.getOrDefault(path, List.of());
        for (Map.Entry<String, SnippetLines.Place> snippet : lines.classesOf(path)) {
            for (ReferenceType type : loaded.getOrDefault(snippet.getKey(), List.of())) {
                for (Breakpoint breakpoint : cellBreakpoints) {
                    for (Location location : locations(type, snippet.getValue().classLine(breakpoint.line()))) {
                        BreakpointRequest request = requests.createBreakpointRequest(location);
                        request.putProperty(Breakpoint.class, breakpoint);
                        request.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                        request.enable();
                        made.add(request);
                    }
                }
            }
        }
        requestsByPath.put(path, made);
    }

    private static List<Location> locations(ReferenceType type, int line) {
        try {
            return line < 1 ? List.of() : type.locationsOfLine(line);
        } catch (AbsentInformationException | RuntimeException e) {
            return List.of();
        }
    }

    private static boolean isNotebook(ThreadReference thread) {
        try {
            for (ThreadGroupReference group = thread.threadGroup(); group != null; group = group.parent()) {
                if (group.referenceType().name().equals(NOTEBOOK_GROUP)) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            // A thread that ended meanwhile has no group.
        }
        return false;
    }
}
