package dev.conclab.executor;

import dev.conclab.kernel.channel.FromExecutor.Outcome;
import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import jdk.jshell.JShell;

/**
 * The executor's cell path in this JVM, without the agent or the kernel: a scratch JShell run by
 * {@link DeferringExecutionControl} on a {@link MainThread}, as {@code WarmUp} makes one,
 * with {@code System.out} and {@code System.err} routed to cells and the sink's records kept.
 * What needs the agent (pool tasks keeping their cell, {@code System.exit}, the woven
 * {@code toString}) is left to the integration tests.
 */
final class ScratchNotebook implements AutoCloseable {
    /** Bound for any wait on the cell thread; far above what a cell here takes. */
    static final Duration BOUND = Duration.ofSeconds(30);

    final JShell jshell;
    final CellRouting routing;
    final CellRunner runner;
    final Magics magics;
    private final ExecutorService cellThread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "test-cell"));
    private final LinkedBlockingQueue<FromExecutor> sent = new LinkedBlockingQueue<>();
    private final List<FromExecutor> seen = new ArrayList<>();
    private final List<Runnable> ticks = new ArrayList<>();
    private final BatchingSink sink;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private int executionCount;

    ScratchNotebook() throws Exception {
        // The sink's timer runs on the test's own ticks; the end of each cell flushes it.
        sink = new BatchingSink(sent::add, (millis, tick) -> ticks.add(tick));
        routing = new CellRouting(sink);
        DeferringExecutionControl.Provider engine = new DeferringExecutionControl.Provider(CellClasses.none());
        jshell = JShell.builder().executionEngine(engine, Map.of()).build();
        jshell.addToClasspath(Path.of(CellRouting.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        CellThreadQueue queue = new CellThreadQueue(cellThread);
        runner = onCellThread(() -> {
            engine.control().prepare();
            for (String line : List.of("import java.util.*;", "import java.util.concurrent.*;", "import dev.conclab.runtime.threads.*;")) {
                jshell.eval(line);
            }
            return new CellRunner(jshell, engine.control(), routing, queue, cell -> { }, (cell, classes) -> { });
        });
        magics = new Magics(runner, routing, new ClassPathMagic(jshell, new MavenArtifacts()), new TimeItMagic(jshell));
        System.setOut(NotebookRuntime.install(routing));
        System.setErr(NotebookRuntime.err());
    }

    /** Runs {@code code} as the next cell, magics and all, as {@code RequestHandler} does; returns how it ended. */
    Outcome run(String code) throws Exception {
        return run(code, () -> false);
    }

    /** Runs {@code code} like {@link #run(String)}, asking {@code interruptedAlready} as the request handler would. */
    Outcome run(String code, BooleanSupplier interruptedAlready) throws Exception {
        Cell cell = nextCell();
        Outcome outcome = onCellThread(() -> Magics.present(code)
                ? magics.run(cell, code, interruptedAlready) : runner.run(cell, code, interruptedAlready));
        sink.flush();
        return outcome;
    }

    /** Starts {@code code} as the next cell on the cell thread and returns at once; the cell's id is {@link #lastCell()}. */
    java.util.concurrent.Future<Outcome> start(String code) {
        Cell cell = nextCell();
        return cellThread.submit(() -> {
            Outcome outcome = runner.run(cell, code, () -> false);
            sink.flush();
            return outcome;
        });
    }

    Cell lastCell() {
        return new Cell("cell-" + executionCount, executionCount);
    }

    private Cell nextCell() {
        executionCount++;
        return lastCell();
    }

    /** Everything cell {@code cell} wrote to {@code stream} so far; the sink is flushed first. */
    String text(Cell cell, String stream) {
        sink.flush();
        drain();
        StringBuilder text = new StringBuilder();
        for (FromExecutor message : seen) {
            if (message instanceof FromExecutor.StreamText streamText && streamText.cellId().equals(cell.id())
                    && streamText.stream().equals(stream)) {
                text.append(streamText.text());
            }
        }
        return text.toString();
    }

    /** Waits, within {@link #BOUND}, for a record matching {@code wanted}, driving the sink's timer meanwhile. */
    FromExecutor await(Predicate<FromExecutor> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            for (FromExecutor message : seen) {
                if (wanted.test(message)) {
                    return message;
                }
            }
            // The test is the sink's clock: each poll that finds nothing is one tick.
            FromExecutor next = sent.poll(20, TimeUnit.MILLISECONDS);
            if (next != null) {
                seen.add(next);
            } else {
                ticks.forEach(Runnable::run);
            }
        }
        throw new AssertionError("no such record within " + BOUND + "; seen: " + seen);
    }

    private void drain() {
        sent.drainTo(seen);
    }

    private <T> T onCellThread(Callable<T> task) throws Exception {
        return cellThread.submit(task).get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        System.setOut(out);
        System.setErr(err);
        NotebookRuntime.uninstall();
        try {
            onCellThread(() -> {
                jshell.close();
                return null;
            });
        } finally {
            cellThread.shutdownNow();
        }
    }
}
