package dev.conclab.executor;

import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.kernel.channel.ToExecutor;
import dev.conclab.runtime.diagnostics.ThreadReport;
import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import jdk.jshell.JShell;

/** Answers the kernel's requests inside the executor; every call but interrupt runs on the cell thread. */
final class RequestHandler {
    /** The imports every cell has, as in the jshell tool, plus the display API. */
    static final String DEFAULT_IMPORTS = String.join("\n",
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.time.*;", "import java.util.*;", "import java.util.concurrent.*;",
            "import java.util.concurrent.atomic.*;", "import java.util.concurrent.locks.*;",
            "import java.util.function.*;", "import java.util.regex.*;", "import java.util.stream.*;",
            "import dev.conclab.runtime.display.*;", "import static dev.conclab.runtime.display.Display.*;",
            "import dev.conclab.runtime.threads.*;", "import dev.conclab.runtime.processes.*;",
            "import dev.conclab.runtime.diagnostics.*;", "import dev.conclab.runtime.timeline.*;", "import dev.conclab.runtime.ipc.*;", "import dev.conclab.runtime.cluster.*;",
            "import dev.conclab.runtime.output.*;", "import dev.conclab.runtime.lifecycle.*;",
            "import dev.conclab.runtime.timing.*;", "import dev.conclab.runtime.charts.*;", "import dev.conclab.runtime.checks.*;",
            "import dev.conclab.runtime.races.*;");

    private static final Pattern HELP_REQUEST = Pattern.compile("\\s*([\\w$.]+(?:\\(\\))?)\\?\\s*");

    private final JShell jshell;
    private final DeferringExecutionControl control;
    private final CellThreadQueue cellThreadWork;
    private final CellRunner runner;
    private final ProgramExits exits;
    private final Magics magics;
    private final CodeAssist assist;
    private final BatchingSink sink;
    private final CellInput input;
    private final KernelLink link;
    private final CellRouting routing;
    private volatile long interruptedThrough;
    /** The cell being handled on the cell thread, or null. */
    private volatile Cell handling;

    RequestHandler(JShell jshell, DeferringExecutionControl control, CellRouting routing, BatchingSink sink,
             CellInput input, KernelLink link, CellThreadQueue cellThreadWork) {
        this.jshell = jshell;
        this.control = control;
        this.routing = routing;
        this.cellThreadWork = cellThreadWork;
        this.runner = new CellRunner(jshell, control, routing, cellThreadWork, cell -> link.send(new FromExecutor.CodeStarted(cell.id())),
                (cell, classes) -> link.send(new FromExecutor.SnippetClasses(cell.id(), classes)));
        this.exits = new ProgramExits(routing, runner);
        this.magics = new Magics(runner, routing, new ClassPathMagic(jshell, new MavenArtifacts()), new TimeItMagic(jshell));
        this.assist = new CodeAssist(jshell);
        this.sink = sink;
        this.input = input;
        this.link = link;
    }

    /**
     * Adds the default imports; leaves no trace in the user's state, and the notebook's first
     * thread is {@code Thread-0}. The compiler warms up later, between cells ({@link #warmUp}).
     */
    void prepare() throws Exception {
        control.prepare();
        for (String line : DEFAULT_IMPORTS.split("\n")) {
            jshell.eval(line);
        }
        ThreadNumbers.restart();
    }

    /** The warm-up that ExecutorMain runs on its own thread, taking turns with the cells. */
    WarmUp warmUp() {
        return new WarmUp(DEFAULT_IMPORTS, routing);
    }

    /** On the cell thread, after the warm-up: warms code completion in the user's JShell. */
    void warmUpCompletion() {
        try {
            assist.complete("warm-up", "System.out.pri", 14);
            assist.lookUpLeftOut();
        } catch (RuntimeException e) {
            // Only the first completion is slower.
        }
    }

    /** What notebook code's {@code System.exit} does. */
    /** A debugger wants this JVM: wakes the JDWP agent, from the channel's thread. */
    void startDebugging() {
        runner.startDebugging();
    }

    /** The kernel set a cell's breakpoints, from the channel's thread. */
    void snippetClassesSeen(String cellId) {
        runner.snippetClassesSeen(cellId);
    }

    ProgramExits programExits() {
        return exits;
    }

    /** Handles a request; {@code sequence} counts the cells received so far, this one included. */
    void handle(ToExecutor request, long sequence) {
        if (request instanceof ToExecutor.Execute execute) {
            execute(execute, () -> sequence <= interruptedThrough);
        } else if (request instanceof ToExecutor.Complete complete) {
            link.send(assist.complete(complete.requestId(), complete.code(), complete.cursor()));
            assist.lookUpLeftOut();
        } else if (request instanceof ToExecutor.Inspect inspect) {
            link.send(assist.inspect(inspect.requestId(), inspect.code(), inspect.cursor()));
        } else if (request instanceof ToExecutor.CheckComplete check) {
            link.send(assist.checkComplete(check.requestId(), check.code()));
        } else if (request instanceof ToExecutor.DisplayVariable variable) {
            link.send(runner.displayVariable(variable.requestId(), variable.name()));
        }
    }

    /**
     * Interrupts the running cell and every cell received up to {@code cellsReceived}. First tells
     * the kernel which threads wait to enter a synchronized block, so that if the code does not
     * stop in time, the kernel can say why instead of guessing.
     */
    void interrupt(long cellsReceived) {
        interruptedThrough = cellsReceived;
        Cell cell = handling;
        if (cell != null) {
            List<String> waits = ThreadReport.now().monitorWaits();
            if (!waits.isEmpty()) {
                link.send(new FromExecutor.InterruptFound(cell.id(), waits));
            }
        }
        runner.interrupt();
    }

    /** {@code interruptedAlready} tells whether an interrupt came for this cell (it is asked more than once). */
    private void execute(ToExecutor.Execute request, BooleanSupplier interruptedAlready) {
        assist.forgetSignatures();
        Cell cell = new Cell(request.cellId(), request.executionCount());
        FromExecutor.Outcome outcome;
        var help = HELP_REQUEST.matcher(request.code());
        handling = cell;
        if (interruptedAlready.getAsBoolean()) {
            // The interrupt came while the cell waited its turn: none of it runs.
            outcome = FromExecutor.Failed.interruptedBeforeItStarted();
        } else if (help.matches()) {
            outcome = helpPage(help.group(1));
        } else {
            input.allow(request.allowStdin());
            outcome = Magics.present(request.code())
                    ? magics.run(cell, request.code(), interruptedAlready)
                    : runner.run(cell, request.code(), interruptedAlready);
            input.allow(false);
        }
        handling = null;
        sink.flush();
        link.send(new FromExecutor.ExecuteDone(cell.id(), outcome));
    }

    /** {@code name?} shows the documentation of {@code name} in the pager, as IPython does. */
    private FromExecutor.Outcome helpPage(String name) {
        FromExecutor.Documentation doc = assist.inspect("help-page", name, name.length());
        String page = doc.found() ? doc.text() : "No documentation found for " + name;
        return new FromExecutor.Succeeded(null, page);
    }

    /**
     * Runs as the JVM exits. When user code called {@code System.exit}, says where, and sends the
     * output written until then, so the kernel can tell the person what happened.
     */
    void reportExit() {
        String where = runner.describeExitCall();
        sink.flush();
        if (where != null) {
            link.send(new FromExecutor.ExitCalled(where));
        }
    }
}
