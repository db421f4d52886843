package dev.conclab.executor;

import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jdk.jshell.JShell;

/**
 * Makes javac and the cell path hot by running typical cells in a throw-away JShell: the JIT's
 * code is shared by every JShell in this JVM, and the user's JShell keeps no trace of it.
 * (Dropping warm-up snippets from the user's JShell instead breaks its documentation lookups on
 * JDK 25.)
 *
 * <p>It runs after the executor is ready, on a thread of its own ("conclab-warm-up"), so that
 * completion, inspection and completeness checks, which the user's JShell answers on the cell
 * thread, never wait behind a warm-up step (JupyterLab drops a completion that takes over a
 * second, and a step can take that long under load). Cells do not run beside it: it goes one
 * snippet at a time, taking turns with the cells ({@link WarmUpTurns}).
 */
final class WarmUp {
    /** Typical cells; they print nothing, and their thread is named so that it takes no number. */
    private static final String[] SNIPPETS = {
            "int warmCount = 3;",
            "String warmText = \"a\" + warmCount;",
            "long warmSum(int n) { long s = 0; for (int i = 0; i < n; i++) { s += i; } return s; }",
            "record WarmPoint(int x, int y) {}",
            "List<Integer> warmList = new ArrayList<>(List.of(1, 2, 3));",
            "Thread warmThread = new Thread(() -> warmSum(1000), \"conclab-warm-up-snippet\");",
            "warmThread.start();",
            "warmThread.join();",
            "var warmMap = new ConcurrentHashMap<String, Integer>();",
            "for (int i = 0; i < 3; i++) { warmMap.merge(\"k\", i, Integer::sum); }",
            "warmList.stream().map(i -> i * 2).collect(Collectors.toList())",
            "6 * 7"};
    /** Sets {@link #ROUNDS}, for a class on a small server. */
    static final String ROUNDS_PROPERTY = "conclab.warmUp.rounds";
    /**
     * Rounds of {@link #SNIPPETS}. javac's hot code leaves C1's profiling code for its final
     * code (C1's without profiling: the kernel keeps javac out of C2) only after a few hundred
     * snippets (the executor's thresholds for that are five times the default): with 3 rounds
     * the trivial cell's round trip was 2.0-2.8x ipykernel's, with 30 1.6-2.1x
     * (docs/benchmarks.md). 30 rounds take ~3 s more CPU once, after the first cell, while the
     * person reads it.
     */
    private static final int ROUNDS = Integer.getInteger(ROUNDS_PROPERTY, 30);
    /**
     * The rounds that always run. The others run only while the warm-up gets a core when it asks
     * ({@link #CORE_SHARE}): twenty kernels started at once on a class's server would otherwise
     * spend a minute of both cores warming compilers while their students wait for cells.
     */
    private static final int ROUNDS_ALWAYS = Math.min(3, ROUNDS);
    /** The least share of a round's time the warm-up's thread ran (not waited for a core) for the next round to start. */
    private static final double CORE_SHARE = 0.6;
    private static final Cell CELL = new Cell("warm-up", 0);
    /**
     * For tests: a path at which the warm-up, after its JShell has its imports, holds a step: it
     * creates the file and waits until it is deleted (at most {@value #HOLD_MILLIS} ms).
     */
    static final String HOLD_PROPERTY = "conclab.warmUp.holdFile";
    private static final long HOLD_MILLIS = 120_000;

    private final Deque<Runnable> steps = new ArrayDeque<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread warm = new Thread(runnable, "conclab-warm-up");
        warm.setDaemon(true);
        return warm;
    });
    private JShell scratch;
    private CellRunner runner;
    private final Runnable close = () -> {
        scratch.close();
        scratch = null;
        runner = null;
        WarmUpHeapReturn.run();
    };
    private final StepTime roundTime = new StepTime();

    WarmUp(String imports, CellRouting routing) {
        // The scratch JShell's main thread reaches its JShell through this thread, as the user's does through the cell thread.
        CellThreadQueue warmThreadWork = new CellThreadQueue(thread);
        steps.add(() -> {
            DeferringExecutionControl.Provider engine = new DeferringExecutionControl.Provider(CellClasses.none());
            scratch = JShell.builder().executionEngine(engine, Map.of()).build();
            runner = CellRunner.forWarmUp(scratch, engine.control(), routing, warmThreadWork);
            try {
                engine.control().prepare();
            } catch (Exception e) {
                throw new IllegalStateException("the warm-up's JShell did not start", e);
            }
        });
        for (String line : imports.split("\n")) {
            steps.add(() -> scratch.eval(line));
        }
        // Completion's code paths in the scratch JShell first: the user's first completion, on the
        // cell thread, then finds them loaded and compiled, which the last step finishes.
        steps.add(() -> {
            CodeAssist assist = new CodeAssist(scratch);
            assist.complete("warm-up", "System.out.pri", 14);
            assist.lookUpLeftOut();
            assist.complete("warm-up", "Str", 3);
        });
        String hold = System.getProperty(HOLD_PROPERTY);
        if (hold != null) {
            steps.add(() -> holdWhileExists(Path.of(hold)));
        }
        for (int round = 0; round < ROUNDS; round++) {
            if (round >= ROUNDS_ALWAYS) {
                steps.add(this::stopUnlessCoresSpare);
            }
            steps.add(roundTime::start);
            for (String snippet : SNIPPETS) {
                steps.add(() -> runner.run(CELL, snippet, () -> false));
            }
        }
        steps.add(close);
    }

    /** Drops the rounds left when, in the last one, this thread ran less than {@link #CORE_SHARE} of its time (it waited for a core). */
    private void stopUnlessCoresSpare() {
        if (roundTime.ranShare() < CORE_SHARE) {
            steps.removeIf(step -> step != close);
        }
    }

    /**
     * Runs the steps on the warm-up's thread, each in its turn, then {@code afterwards} (on that
     * thread, the turns no longer held: ExecutorMain queues the user's JShell's completion warm-up
     * on the cell thread, which a cell waiting for its turn there would otherwise block), and ends
     * the thread.
     */
    void start(WarmUpTurns turns, Runnable afterwards) {
        thread.execute(new Runnable() {
            @Override
            public void run() {
                boolean more;
                try {
                    turns.awaitStepTurn();
                } catch (InterruptedException e) {
                    thread.shutdown();
                    return;
                }
                try {
                    more = step();
                } finally {
                    turns.stepEnded();
                }
                if (more) {
                    thread.execute(this);
                } else {
                    afterwards.run();
                    thread.shutdown();
                }
            }
        });
    }

    /** Runs the next step; returns whether any are left. */
    private boolean step() {
        Runnable next = steps.poll();
        if (next == null) {
            return false;
        }
        try {
            roundTime.measure(() -> ThreadNumbers.keptAround(next));
        } catch (RuntimeException e) {
            // A warm-up that fails only leaves the compiler colder; the cells work all the same.
            steps.clear();
            if (scratch != null) {
                scratch.close();
            }
            return false;
        }
        return !steps.isEmpty();
    }

    private static void holdWhileExists(Path file) {
        try {
            Files.createFile(file);
            long until = System.nanoTime() + HOLD_MILLIS * 1_000_000;
            while (Files.exists(file) && System.nanoTime() < until) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the warm-up could not hold at " + file, e);
        }
    }
}
