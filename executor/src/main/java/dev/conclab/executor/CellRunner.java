package dev.conclab.executor;

import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.kernel.channel.FromExecutor.Failed;
import dev.conclab.kernel.channel.FromExecutor.Outcome;
import dev.conclab.kernel.channel.FromExecutor.Succeeded;
import dev.conclab.runtime.diagnostics.ThreadReport;
import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.internal.cells.NotebookThreadGroup;
import dev.conclab.runtime.internal.cells.NotebookThreads;
import dev.conclab.runtime.internal.cells.ProgramExit;
import dev.conclab.runtime.internal.display.DebuggerBundles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;

/**
 * Runs the code of a cell: compiles every snippet first, then runs them in order, so that the
 * time a cell measures is the time its code takes.
 *
 * <p>The semantics are those of evaluating the snippets one by one: code before a failing snippet
 * runs, code after it does not; declarations persist and later cells may redefine them.
 */
final class CellRunner {

    /** A snippet that compiled, with the index of its recorded code (-1 for declarations without code). */
    private record Compiled(Snippet snippet, int invocation, boolean showsValue) {}

    private final JShell jshell;
    private final DeferringExecutionControl control;
    private final CellRouting routing;
    private final CellSplitter splitter;
    private final SnippetOrigins origins;
    private final Tracebacks tracebacks;
    private final CompilerUpkeep compilerUpkeep;
    private final ClassNameIndexTrim classNameIndex;
    private final DeclarationNotes notes;
    private final WaitingDeclarations waiting;
    private final CellThreadQueue cellThreadWork;
    /** How long a dying thread waits for its report in cell lines, while javac has the cell thread. */
    private static final long UNCAUGHT_REPORT_MILLIS = 2000;
    private volatile boolean interrupted;
    /** Set when a thread of the running cell called System.exit: the cell ends with its status. */
    private volatile ProgramExit exit;
    private volatile Cell running;
    private RunWatch watch = RunWatch.NONE;
    /** Hears, on the cell thread, that a cell's compiled code starts to run (the kernel's grace for an interrupt starts then). */
    private final java.util.function.Consumer<Cell> codeStarting;
    /** Hears, before a cell's code runs and only while a debugger is attached, the classes its snippets compiled to. */
    private final java.util.function.BiConsumer<Cell, List<dev.conclab.kernel.channel.FromExecutor.SnippetClass>> snippetClasses;
    private final DebugLines debugLines;

    /** Hears when a cell's compiled code starts and stops running. */
    interface RunWatch {
        RunWatch NONE = new RunWatch() {
            @Override
            public void started() {}

            @Override
            public void stopped() {}
        };

        void started();

        void stopped();
    }

    /**
     * A runner for the cells of {@code jshell}; {@code cellThreadWork} is how other threads reach
     * the thread that calls {@link #run}, the one that may use JShell; {@code codeStarting} hears,
     * on the cell thread, that a cell's compiled code starts to run.
     */
    CellRunner(JShell jshell, DeferringExecutionControl control, CellRouting routing, CellThreadQueue cellThreadWork,
               java.util.function.Consumer<Cell> codeStarting,
               java.util.function.BiConsumer<Cell, List<dev.conclab.kernel.channel.FromExecutor.SnippetClass>> snippetClasses) {
        this(jshell, control, routing, cellThreadWork, codeStarting, snippetClasses, true);
    }

    /**
     * A runner for the warm-up's scratch JShell: its code runs on a thread of the executor's
     * ("conclab-warm-up-main"), which no thread report, timeline or %time of the notebook sees.
     */
    static CellRunner forWarmUp(JShell jshell, DeferringExecutionControl control, CellRouting routing, CellThreadQueue cellThreadWork) {
        return new CellRunner(jshell, control, routing, cellThreadWork, cell -> { }, (cell, classes) -> { }, false);
    }

    private CellRunner(JShell jshell, DeferringExecutionControl control, CellRouting routing, CellThreadQueue cellThreadWork,
                       java.util.function.Consumer<Cell> codeStarting,
                       java.util.function.BiConsumer<Cell, List<dev.conclab.kernel.channel.FromExecutor.SnippetClass>> snippetClasses,
                       boolean notebooks) {
        this.codeStarting = codeStarting;
        this.snippetClasses = snippetClasses;
        this.jshell = jshell;
        this.control = control;
        this.routing = routing;
        this.cellThreadWork = cellThreadWork;
        this.splitter = new CellSplitter(jshell.sourceCodeAnalysis());
        this.origins = new SnippetOrigins(jshell);
        this.tracebacks = new Tracebacks(jshell, origins);
        this.compilerUpkeep = new CompilerUpkeep(jshell);
        this.classNameIndex = new ClassNameIndexTrim(jshell);
        this.notes = new DeclarationNotes(jshell);
        this.waiting = new WaitingDeclarations(jshell, origins);
        this.debugLines = new DebugLines(jshell, origins);
        // Beside the JVM's own "main" group, under "system", as a program's main group is.
        ThreadGroup system = Thread.currentThread().getThreadGroup();
        while (system.getParent() != null) {
            system = system.getParent();
        }
        if (notebooks) {
            control.runOn(new MainThread(new NotebookThreadGroup(system, this::reportUncaught), "main", routing, cellThreadWork));
        } else {
            control.runOn(new MainThread(new ThreadGroup(system, "conclab-warm-up"), "conclab-warm-up-main", routing, cellThreadWork));
        }
    }

    /**
     * Prints what the JDK's default handler prints for a thread that died of an exception, with
     * its frames in cell lines, from the dying thread itself: into its cell, and before a
     * {@code join} on that thread returns, as under {@code java}.
     */
    private void reportUncaught(Thread thread, Throwable thrown) {
        String report = cellThreadWork.call(() -> tracebacks.uncaught(thread, thrown), UNCAUGHT_REPORT_MILLIS,
                () -> Tracebacks.uncaughtAsTheJdkPrintsIt(thread, thrown));
        NotebookRuntime.err().print(report);
        NotebookRuntime.err().flush();
    }

    /**
     * Runs {@code code} as cell {@code cell}; its output goes to that cell. A cell interrupted
     * before it started does not start: {@code interruptedAlready} is asked once the run has
     * begun, so that an interrupt arriving while the caller looked is not forgotten with the
     * previous cell's.
     */
    Outcome run(Cell cell, String code, BooleanSupplier interruptedAlready) {
        return run(cell, code, interruptedAlready, RunWatch.NONE);
    }

    /**
     * Runs a cell like {@link #run(Cell, String, BooleanSupplier)}, telling {@code watch} when its code
     * starts and stops running: after it has compiled, so that a timing leaves javac out.
     */
    Outcome run(Cell cell, String code, BooleanSupplier interruptedAlready, RunWatch watch) {
        this.watch = watch;
        interrupted = false;
        exit = null;
        control.forgetPendingStop();
        routing.enter(cell);
        running = cell;
        // Asked only now, and never written back as false: an interrupt that lands between the
        // caller's look and the reset above would otherwise be lost, and the cell would run on
        // until the kernel's grace ended the JVM.
        if (interruptedAlready.getAsBoolean()) {
            interrupted = true;
        }
        try {
            return compileThenRun(cell, code);
        } finally {
            running = null;
            NotebookRuntime.out().flush();
            NotebookRuntime.err().flush();
            routing.leave();
        }
    }

    /**
     * Stops the running cell: its snippets, and the threads they started. First the cell shows
     * what its threads were doing, because a stuck cell is a question: who waits for what?
     */
    void interrupt() {
        Cell cell = running;
        if (cell != null) {
            routing.runAs(cell, () -> NotebookRuntime.err().print("Interrupted. The threads were doing this:\n" + ThreadReport.now()));
        }
        interrupted = true;
        stopUserCode();
        if (cell != null) {
            stopThreadsStartedBy(cell);
        }
    }

    /**
     * A thread of {@code cell} called {@code System.exit}: when the cell is running, its code is
     * stopped (unless that thread is the one running it, which {@code exit} unwinds) and the cell
     * ends with the exit status. Returns whether the cell was running.
     */
    boolean endedByExit(Cell cell, ProgramExit programExit) {
        if (running != cell) {
            return false;
        }
        exit = programExit;
        if (!control.onMainThread()) {
            interrupted = true;
            stopUserCode();
        }
        return true;
    }

    /**
     * The threads the cell started stop with it, as they did when each snippet had a thread
     * group of its own: through the stop flag their loops check and an interrupt (JDK 21+), or
     * {@code Thread.stop} (JDK 17). Pools and children stay: {@code Cells.stop} is for those.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private void stopThreadsStartedBy(Cell cell) {
        for (Thread thread : routing.work().liveThreadsStartedBy(cell)) {
            if (!NotebookThreads.isNotebooks(thread)) {
                continue;
            }
            try {
                thread.stop();
            } catch (UnsupportedOperationException e) {
                thread.interrupt();
            }
        }
    }

    private void stopUserCode() {
        try {
            control.stop();
        } catch (ExecutionControl.ExecutionControlException e) {
            NotebookRuntime.err().println("Could not stop the cell: " + e.getMessage());
        }
    }

    /** Starts debugging: see {@link DebugLines#start}. */
    void startDebugging() {
        // Loaded now, so that the kernel's debugger finds it over JDI for richInspectVariables in a stopped thread.
        DebuggerBundles.of(null);
        debugLines.start();
    }

    /** The kernel set the breakpoints of a cell's classes: see {@link DebugLines#seen}. */
    void snippetClassesSeen(String cellId) {
        debugLines.seen(cellId);
    }

    /** Where user code called {@code System.exit}, when the JVM is exiting because of that; else null. */
    String describeExitCall() {
        for (var thread : Thread.getAllStackTraces().entrySet()) {
            boolean exiting = false;
            for (StackTraceElement frame : thread.getValue()) {
                boolean exitFrame = frame.getMethodName().equals("exit")
                        && (frame.getClassName().equals("java.lang.Runtime") || frame.getClassName().equals("java.lang.System"));
                if (exitFrame) {
                    exiting = true;
                } else if (exiting && frame.getClassName().startsWith("REPL.")) {
                    return "System.exit was called at " + tracebacks.frame(frame).replaceAll("\u001b\\[[0-9;]*m", "");
                }
            }
            if (exiting) {
                return "System.exit was called by thread \"" + thread.getKey().getName() + "\"";
            }
        }
        return null;
    }

    private Outcome compileThenRun(Cell cell, String code) {
        CellText text = new CellText(code);
        List<Compiled> compiled = new ArrayList<>();
        Failed compileFailure = null;
        List<DeferringExecutionControl.Invocation> invocations;
        control.startDeferring();
        try {
            for (CellSplitter.Part part : splitter.split(code)) {
                if (interrupted) {
                    break;
                }
                int recordedBefore = control.deferredCount();
                // One source can declare several snippets: `int a = 1, b = 2;` is two variables.
                List<SnippetEvent> all = jshell.eval(part.source());
                all.stream().filter(event -> event.causeSnippet() != null).forEach(notes::updated);
                List<SnippetEvent> events = ownEvents(all);
                SnippetOrigins.Origin origin = new SnippetOrigins.Origin(cell.executionCount(), part.offset(), text);
                for (int i = 0; i < events.size() && compileFailure == null; i++) {
                    Snippet snippet = events.get(i).snippet();
                    origins.record(snippet, origin);
                    if (events.get(i).status() == Snippet.Status.REJECTED) {
                        if (waiting.keepIfWaiting(snippet, origin)) {
                            continue;
                        }
                        compileFailure = tracebacks.compileError(snippet, origin);
                        break;
                    }
                    notes.declared(snippet);
                    int invocation = events.size() == 1 ? onlyInvocationSince(recordedBefore) : invocationOf(snippet, recordedBefore);
                    compiled.add(new Compiled(snippet, invocation, part.showsValue() && i == events.size() - 1));
                }
                if (compileFailure != null) {
                    break;
                }
            }
            if (compileFailure == null) {
                waiting.retry();
            }
        } finally {
            invocations = control.stopDeferring();
            notes.print();
        }
        if (interrupted) {
            return interruptedWhileCompiling();
        }
        // A cell that did not compile runs its first snippets all the same, but is not timed.
        RunWatch timing = compileFailure == null ? watch : RunWatch.NONE;
        Outcome runFailure;
        if (debugLines.wanted()) {
            debugLines.expect(cell.id());
            snippetClasses.accept(cell, debugLines.classesOf(compiled.stream().map(Compiled::snippet).toList()));
            debugLines.awaitSeen(cell.id());
        }
        codeStarting.accept(cell);
        timing.started();
        try {
            runFailure = runInOrder(compiled, invocations);
        } finally {
            timing.stopped();
            forgetSpentClasses(compiled, invocations);
            compilerUpkeep.cellCompiled();
            classNameIndex.afterCell();
        }
        if (runFailure != null) {
            dropExpressionValues(compiled);
            return runFailure;
        }
        if (compileFailure != null) {
            return compileFailure;
        }
        if (interrupted) {
            return stoppedOutcome();
        }
        Map<String, String> result = resultOf(compiled, invocations);
        dropExpressionValues(compiled);
        return new Succeeded(result, null);
    }

    /**
     * Forgets the hidden variables ({@code $1}, {@code $2}, ...) JShell makes for expression values.
     * Nobody can name them in a notebook, and each one would otherwise add an import to every
     * later compilation: after a few hundred cells, {@code 1+1} took twice as long.
     */
    private void dropExpressionValues(List<Compiled> compiled) {
        for (Compiled each : compiled) {
            if (each.snippet() instanceof VarSnippet var && var.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                jshell.drop(var);
            }
        }
    }

    /**
     * Statements and expressions cannot be named by later code, so javac need not see their
     * classes again; a hidden expression value is read after this, from the loaded class.
     */
    private void forgetSpentClasses(List<Compiled> compiled, List<DeferringExecutionControl.Invocation> invocations) {
        for (Compiled each : compiled) {
            if (each.invocation() >= 0 && isSpentOnceRun(each.snippet())) {
                compilerUpkeep.forget(invocations.get(each.invocation()).className());
            }
        }
    }

    private static boolean isSpentOnceRun(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.STATEMENT || snippet.kind() == Snippet.Kind.EXPRESSION
                || (snippet instanceof VarSnippet var && var.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    }

    /**
     * Runs the recorded code in order; returns the outcome of the code that stopped it (an
     * exception, an interrupt, a {@code System.exit}), or null when all of it ran.
     */
    private Outcome runInOrder(List<Compiled> compiled, List<DeferringExecutionControl.Invocation> invocations) {
        for (Compiled each : compiled) {
            if (each.invocation() < 0) {
                continue;
            }
            if (interrupted) {
                return stoppedOutcome();
            }
            DeferringExecutionControl.Invocation invocation = invocations.get(each.invocation());
            try {
                control.invoke(invocation.className(), invocation.methodName());
            } catch (ExecutionControl.UserException e) {
                Throwable thrown = control.lastUserThrowable();
                if (thrown instanceof ProgramExit programExit) {
                    return exitOutcome(programExit);
                }
                if (interrupted && (exit != null || thrown instanceof InterruptedException)) {
                    return stoppedOutcome(); // the code ended because it was stopped, not of itself
                }
                return thrown != null ? tracebacks.exception(thrown) : new Failed(e.causeExceptionClass(), e.getMessage(), List.of(e.getMessage()));
            } catch (ExecutionControl.ResolutionException e) {
                return unresolved(e.id());
            } catch (ExecutionControl.StoppedException e) {
                return stoppedOutcome();
            } catch (ExecutionControl.ExecutionControlException e) {
                return new Failed("ExecutionError", String.valueOf(e.getMessage()), List.of("The executor could not run the cell: " + e));
            }
        }
        return null;
    }

    /** The MIME bundle of the cell's final expression, or null when the cell ends otherwise. */
    private Map<String, String> resultOf(List<Compiled> compiled, List<DeferringExecutionControl.Invocation> invocations) {
        if (compiled.isEmpty()) {
            return null;
        }
        Compiled last = compiled.get(compiled.size() - 1);
        if (!last.showsValue()) {
            return null;
        }
        String variable;
        String className;
        if (last.snippet() instanceof VarSnippet var && var.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                && last.invocation() >= 0) {
            variable = var.name();
            className = invocations.get(last.invocation()).className();
        } else if (last.snippet() instanceof ExpressionSnippet expression) {
            variable = expression.name();
            className = classOfVariable(variable);
        } else {
            return null;
        }
        Object value;
        try {
            value = className == null ? null : control.staticField(className, variable);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
        return DebuggerBundles.of(value);
    }

    /** The rich display of the notebook variable {@code name}, as a cell ending with it shows it. */
    FromExecutor.VariableDisplay displayVariable(String requestId, String name) {
        String className = classOfVariable(name);
        if (className == null) {
            return new FromExecutor.VariableDisplay(requestId, Map.of(), "the notebook has no variable " + name);
        }
        try {
            return new FromExecutor.VariableDisplay(requestId, DebuggerBundles.of(control.staticField(className, name)), null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new FromExecutor.VariableDisplay(requestId, Map.of(), "the display of " + name + " failed: " + e);
        }
    }

    private String classOfVariable(String name) {
        return jshell.variables()
                .filter(v -> v.name().equals(name))
                .reduce((first, second) -> second)
                .map(v -> jshell.sourceCodeAnalysis().wrapper(v).fullClassName())
                .orElse(null);
    }

    private Failed unresolved(int snippetId) {
        String id = Integer.toString(snippetId);
        String message = jshell.snippets()
                .filter(s -> s.id().equals(id) && s instanceof jdk.jshell.DeclarationSnippet)
                .map(s -> (jdk.jshell.DeclarationSnippet) s)
                .findFirst()
                .map(d -> d.name() + " cannot be used until "
                        + jshell.unresolvedDependencies(d).collect(Collectors.joining(", ")) + " is declared")
                .orElse("This code uses a declaration that is not complete yet");
        return new Failed("UnresolvedReferenceError", message, List.of(message));
    }

    /** Why the cell's code stopped: a thread called {@code System.exit}, or an interrupt. */
    private Outcome stoppedOutcome() {
        ProgramExit programExit = exit;
        return programExit != null ? exitOutcome(programExit) : interruptedOutcome();
    }

    /** Exit status 0 ends the cell as a program ends, without a word; any other is an error. */
    private Outcome exitOutcome(ProgramExit programExit) {
        return programExit.status() == 0 ? new Succeeded(null, null) : tracebacks.programExit(programExit);
    }

    /** Interrupted before any code of the cell ran; JShell has defined what compiled by then, as declared. */
    private static Failed interruptedWhileCompiling() {
        return new Failed("InterruptedException", "The cell was interrupted while it compiled: none of its code ran",
                List.of("\u001b[1;31mInterrupted\u001b[0m: the cell was interrupted while it compiled, so none of its code ran;"
                        + " the declarations compiled before the interrupt are defined, their variables without their values."));
    }

    private static Failed interruptedOutcome() {
        return new Failed("InterruptedException", "The cell was interrupted",
                List.of("\u001b[1;31mInterrupted\u001b[0m: the cell was stopped; definitions made before it stopped are kept."));
    }

    /** The events of the snippets the source itself declares, not of older ones it updated. */
    private static List<SnippetEvent> ownEvents(List<SnippetEvent> events) {
        return events.stream().filter(event -> event.causeSnippet() == null).toList();
    }

    /** The index of the code a one-snippet source recorded, -1 when it recorded none (a method, a class). */
    private int onlyInvocationSince(int recordedBefore) {
        return control.deferredCount() > recordedBefore ? recordedBefore : -1;
    }

    /**
     * The index of the recorded code of {@code snippet}, looked for from {@code from} on; -1 when it
     * has none. Asking JShell for the wrapper costs a parse, so only sources of several snippets do.
     */
    private int invocationOf(Snippet snippet, int from) {
        String wrapper = jshell.sourceCodeAnalysis().wrapper(snippet).fullClassName();
        for (int index = from; index < control.deferredCount(); index++) {
            if (control.deferred(index).className().equals(wrapper)) {
                return index;
            }
        }
        return -1;
    }
}
