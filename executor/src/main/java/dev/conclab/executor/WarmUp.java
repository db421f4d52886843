package dev.conclab.executor;

import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import jdk.jshell.JShell;

/**
 * Makes javac and the cell path hot by running typical cells in a throw-away JShell: the JIT's
 * code is shared by every JShell in this JVM, and the user's JShell keeps no trace of it.
 * (Dropping warm-up snippets from the user's JShell instead breaks its documentation lookups on
 * JDK 25.) It runs after the executor is ready, one snippet at a time and only while no request
 * waits (ExecutorMain), so the first cell need not wait seconds for it, and no cell's code ever
 * runs beside a warm-up snippet.
 */
final class WarmUp {
    /** Typical cells; they print nothing, and their thread is named so that it takes no number. */
    private static final String[] SNIPPETS = {
            "int warmCount = 3;",
            "String warmText = \"a\" + warmCount;",
            "long warmSum(int n) { long s = 0; for (int i = 0; i < n; i++) { s += i; } return s; }",
            "record WarmPoint(int x, int y) {}",
            "List<Integer> warmList = new ArrayList<>(List.of(1, 2, 3));",
            "Thread warmThread = new Thread(() -> warmSum(1000), \"conclab-warm-up\");",
            "warmThread.start();",
            "warmThread.join();",
            "var warmMap = new ConcurrentHashMap<String, Integer>();",
            "for (int i = 0; i < 3; i++) { warmMap.merge(\"k\", i, Integer::sum); }",
            "warmList.stream().map(i -> i * 2).collect(Collectors.toList())",
            "6 * 7"};
    private static final int ROUNDS = 3;
    private static final Cell CELL = new Cell("warm-up", 0);

    private final Deque<Runnable> steps = new ArrayDeque<>();
    private JShell scratch;
    private CellRunner runner;

    /** {@code completion} warms code completion in the user's JShell, the last step. */
    WarmUp(String imports, CellRouting routing, CellThreadQueue cellThreadWork, Runnable completion) {
        steps.add(() -> {
            DeferringExecutionControl.Provider engine = new DeferringExecutionControl.Provider(CellClasses.none());
            scratch = JShell.builder().executionEngine(engine, Map.of()).build();
            runner = CellRunner.forWarmUp(scratch, engine.control(), routing, cellThreadWork);
            try {
                engine.control().prepare();
            } catch (Exception e) {
                throw new IllegalStateException("the warm-up's JShell did not start", e);
            }
        });
        for (String line : imports.split("\n")) {
            steps.add(() -> scratch.eval(line));
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (String snippet : SNIPPETS) {
                steps.add(() -> runner.run(CELL, snippet, false));
            }
        }
        steps.add(() -> {
            scratch.close();
            scratch = null;
            runner = null;
        });
        steps.add(completion);
    }

    /** On the cell thread: runs the next step; returns whether any are left. */
    boolean step() {
        Runnable next = steps.poll();
        if (next == null) {
            return false;
        }
        try {
            ThreadNumbers.keptAround(next);
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
}
