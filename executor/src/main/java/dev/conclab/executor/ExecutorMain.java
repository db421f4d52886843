package dev.conclab.executor;

import dev.conclab.executor.agent.CellHooks;
import dev.conclab.kernel.channel.ChannelConnection;
import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.kernel.channel.PrivateDirectory;
import dev.conclab.kernel.channel.ToExecutor;
import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.internal.processes.ChildJvms;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jdk.jshell.JShell;

/**
 * The executor JVM: hosts JShell and the runtime, runs cells, and talks to the kernel over the
 * channel whose socket path is its one argument. The kernel starts and supervises it; user code
 * that ends this JVM cannot take the kernel down.
 */
public final class ExecutorMain {
    private ExecutorMain() {}

    public static void main(String[] args) throws Exception {
        // "main" is the name of the thread that runs the notebook's code (MainThread).
        Thread.currentThread().setName("conclab-channel");
        if (Boolean.getBoolean(ToExecutor.ARCHIVE_RUN_PROPERTY)) {
            AgentClasses.loadForTheArchive();
        }
        SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0])));
        // The kernel made the socket's directory for this JVM alone and deletes it when this JVM
        // ends; when the kernel itself is gone first, this JVM deletes it.
        PrivateDirectory privateDirectory = PrivateDirectory.ofSocket(Path.of(args[0]));
        KernelLink link = new KernelLink(new ChannelConnection<>(socket, ToExecutor.class), privateDirectory::delete);
        BatchingSink sink = new BatchingSink(link);
        CellRouting routing = new CellRouting(sink);
        // The runtime finds the cells through this holder, not through System.out, which a cell may replace.
        System.setOut(NotebookRuntime.install(routing));
        System.setErr(NotebookRuntime.err());
        CellInput input = new CellInput(prompt -> {
            var cell = routing.current();
            sink.flush();
            link.send(new FromExecutor.InputRequest(cell == null ? "" : cell.id(), prompt));
        });
        System.setIn(input);
        ignoreTerminalInterrupts();

        Path cellClasses = privateDirectory.cellClasses();
        System.setProperty(ChildJvms.CELL_CLASSES_PROPERTY, cellClasses.toString());
        DeferringExecutionControl.Provider engine = new DeferringExecutionControl.Provider(new CellClasses(cellClasses));
        // -g: local variables in the class files, so that a debugger shows a cell's locals.
        JShell.Builder builder = JShell.builder().executionEngine(engine, Map.of());
        if (Boolean.getBoolean(ToExecutor.StartDebugging.DEBUGGABLE_PROPERTY)) {
            builder.compilerOptions("-g");
        }
        JShell jshell = builder.build();
        jshell.addToClasspath(jarOf(CellRouting.class));
        ExecutorService cellThread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "conclab-cell"));
        RequestHandler requests = new RequestHandler(jshell, engine.control(), routing, sink, input, link, new CellThreadQueue(cellThread));
        Runtime.getRuntime().addShutdownHook(new Thread(requests::reportExit, "conclab-exit-reporter"));
        CellHooks.install(new RoutingCellContext(routing, requests.programExits(), status -> {
            sink.flush();
            link.sendBeforeEnd(new FromExecutor.Halting(status));
        }));

        // The warm-up runs on a thread of its own once JShell has its imports, taking turns with
        // the cells (WarmUpTurns): a cell waits at most for the one step running; completion
        // requests never wait for it, and no step starts until they are answered.
        WarmUpTurns turns = new WarmUpTurns();
        // JShell gets its imports on the cell thread while this thread already takes requests:
        // the kernel sends the first cell as soon as the channel is open, so it is queued before
        // the warm-up starts and runs the moment the imports are in.
        cellThread.execute(() -> {
            try {
                requests.prepare();
            } catch (Exception | Error e) {
                e.printStackTrace();
                // Without its imports JShell is no notebook; the kernel reports the end and starts another.
                Runtime.getRuntime().halt(1);
            }
            link.send(new FromExecutor.Ready(Runtime.version().toString()));
            requests.warmUp().start(turns, () -> cellThread.execute(requests::warmUpCompletion));
        });
        // An interrupt stops every cell received before it, also one still queued for the cell
        // thread: counting the cells as they arrive tells which ones.
        long cellsReceived = 0;
        while (true) {
            ToExecutor request = link.receive();
            if (request instanceof ToExecutor.Interrupt) {
                requests.interrupt(cellsReceived);
            } else if (request instanceof ToExecutor.StartDebugging) {
                requests.startDebugging();
            } else if (request instanceof ToExecutor.SnippetClassesSeen seen) {
                requests.snippetClassesSeen(seen.cellId());
            } else if (request instanceof ToExecutor.InputReply reply) {
                input.deliver(reply.text());
            } else {
                boolean cell = request instanceof ToExecutor.Execute;
                long sequence = cell ? ++cellsReceived : cellsReceived;
                if (cell) {
                    turns.cellArrived();
                } else {
                    turns.questionArrived();
                }
                cellThread.execute(() -> {
                    if (!cell) {
                        try {
                            requests.handle(request, sequence);
                        } finally {
                            turns.questionAnswered();
                        }
                        return;
                    }
                    turns.awaitCellTurn();
                    try {
                        requests.handle(request, sequence);
                    } finally {
                        turns.cellEnded();
                    }
                });
            }
        }
    }

    /**
     * A terminal's Ctrl-C reaches the whole process group, this JVM included; the kernel decides
     * what an interrupt means and tells this JVM over the channel.
     */
    @SuppressWarnings("restriction")
    private static void ignoreTerminalInterrupts() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> { });
        } catch (IllegalArgumentException e) {
            // No SIGINT on this platform: nothing to ignore.
        }
    }

    private static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
