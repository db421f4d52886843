package dev.conclab.executor;

import dev.conclab.kernel.channel.FromExecutor.Failed;
import dev.conclab.kernel.channel.FromExecutor.Outcome;
import dev.conclab.kernel.channel.FromExecutor.Succeeded;
import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * IPython-style magics: a line starting with {@code %} is a line magic, a first line starting
 * with {@code %%} makes the whole cell a cell magic. Java has no statement starting with
 * {@code %}, so no Java code is taken for a magic. The code between magic lines runs as usual,
 * with the magic lines left blank so that errors keep their cell line numbers.
 */
final class Magics {
    /** What {@code %lsmagic} shows, by name. */
    static final Map<String, String> LINE_MAGICS = Map.of(
            "time", "%time statement: runs it and prints the wall time, the CPU time and the threads started",
            "timeit", "%timeit expression: runs it many times, the JIT warmed first, and prints the time per run",
            "classpath", "%classpath a.jar lib/*.jar: adds jars to this notebook and to the child JVMs it starts",
            "jars", "%jars: the same as %classpath",
            "maven", "%maven group:artifact:version ...: downloads the artifacts and their dependencies from Maven Central and adds them",
            "debugger", DebuggerOptions.USAGE,
            "lsmagic", "%lsmagic: lists the magics");
    static final Map<String, String> CELL_MAGICS = Map.of(
            "time", "%%time: runs the cell and prints its wall time, CPU time and the threads it started",
            "bash", "%%bash: runs the cell as a bash script, its output live in the cell");

    private final CellRunner runner;
    private final CellRouting routing;
    private final ClassPathMagic classPath;
    private final TimeItMagic timeIt;
    private final DebuggerOptions debugger = new DebuggerOptions();

    Magics(CellRunner runner, CellRouting routing, ClassPathMagic classPath, TimeItMagic timeIt) {
        this.runner = runner;
        this.routing = routing;
        this.classPath = classPath;
        this.timeIt = timeIt;
    }

    /** Whether {@code code} holds any magic; if not, it runs as plain Java. */
    static boolean present(String code) {
        return code.lines().anyMatch(line -> line.stripLeading().startsWith("%"));
    }

    /** Runs a cell that holds magics. */
    Outcome run(Cell cell, String code, BooleanSupplier interrupted) {
        List<String> lines = code.lines().toList();
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first < lines.size() && lines.get(first).stripLeading().startsWith("%%")) {
            return runCellMagic(cell, lines, first, interrupted);
        }
        Outcome outcome = new Succeeded(null, null);
        int chunkStart = 0;
        for (int i = 0; i <= lines.size(); i++) {
            boolean magic = i < lines.size() && lines.get(i).stripLeading().startsWith("%");
            if (!magic && i < lines.size()) {
                continue;
            }
            if (hasCode(lines, chunkStart, i)) {
                outcome = runner.run(cell, only(lines, chunkStart, i, null), interrupted);
                if (outcome instanceof Failed) {
                    return outcome;
                }
            }
            if (magic) {
                outcome = runLineMagic(cell, lines, i, interrupted);
                if (outcome instanceof Failed) {
                    return outcome;
                }
            }
            chunkStart = i + 1;
        }
        return outcome;
    }

    private Outcome runLineMagic(Cell cell, List<String> lines, int index, BooleanSupplier interrupted) {
        String line = lines.get(index);
        String text = line.stripLeading().substring(1);
        String name = text.split("\\s+", 2)[0];
        String argument = text.substring(name.length()).strip();
        // The argument keeps its column: the magic's name becomes spaces.
        String inPlace = " ".repeat(line.length() - line.stripLeading().length() + 1 + name.length()) + text.substring(name.length());
        return switch (name) {
            case "time" -> runner.run(cell, only(lines, index, index + 1, inPlace), interrupted,
                    new CellTimer(routing.work(), cell));
            case "timeit" -> argument.isEmpty() ? usage("%timeit needs an expression or statement, e.g. %timeit fib(20)")
                    : runner.run(cell, only(lines, index, index + 1, timeIt.javaFor(argument)), interrupted);
            case "classpath", "jars" -> inCell(cell, () -> classPath.add(argument));
            case "maven" -> inCell(cell, () -> classPath.addMaven(argument));
            case "debugger" -> inCell(cell, () -> debugger.run(argument));
            case "lsmagic" -> inCell(cell, Magics::listMagics);
            default -> usage("there is no line magic %" + name + "; %lsmagic lists them");
        };
    }

    private Outcome runCellMagic(Cell cell, List<String> lines, int index, BooleanSupplier interrupted) {
        String name = lines.get(index).strip().substring(2).split("\\s+", 2)[0];
        return switch (name) {
            case "time" -> runner.run(cell, only(lines, index + 1, lines.size(), null), interrupted, new CellTimer(routing.work(), cell));
            case "bash" -> runner.run(cell, "Shell.run(" + javaString(String.join("\n", lines.subList(index + 1, lines.size()))) + ");",
                    interrupted);
            default -> usage("there is no cell magic %%" + name + "; %lsmagic lists them");
        };
    }

    /** Runs a magic that prints outside any cell code, so that its lines reach this cell. */
    private Outcome inCell(Cell cell, java.util.function.Supplier<Outcome> magic) {
        Outcome[] outcome = new Outcome[1];
        routing.runAs(cell, () -> {
            outcome[0] = magic.get();
            NotebookRuntime.out().flush();
        });
        return outcome[0];
    }

    private static Outcome listMagics() {
        StringBuilder text = new StringBuilder("Line magics:\n");
        LINE_MAGICS.keySet().stream().sorted().forEach(name -> text.append("  ").append(LINE_MAGICS.get(name)).append('\n'));
        text.append("Cell magics (first line of a cell):\n");
        CELL_MAGICS.keySet().stream().sorted().forEach(name -> text.append("  ").append(CELL_MAGICS.get(name)).append('\n'));
        NotebookRuntime.out().print(text);
        return new Succeeded(null, null);
    }

    static Failed usage(String message) {
        return error("UsageError", message);
    }

    static Failed error(String name, String message) {
        return new Failed(name, message, List.of("\u001b[1;31m" + name + "\u001b[0m: " + message));
    }

    private static boolean hasCode(List<String> lines, int from, int to) {
        return lines.subList(from, to).stream().anyMatch(line -> !line.isBlank());
    }

    /**
     * The cell with every line blanked except {@code from} to {@code to} (exclusive); when
     * {@code replacement} is given, it stands in for those lines.
     */
    private static String only(List<String> lines, int from, int to, String replacement) {
        List<String> kept = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            boolean inside = i >= from && i < to;
            kept.add(!inside ? "" : replacement == null ? lines.get(i) : i == from ? replacement : "");
        }
        return String.join("\n", kept);
    }

    static String javaString(String text) {
        StringBuilder literal = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> literal.append("\\\"");
                case '\\' -> literal.append("\\\\");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> literal.append(c);
            }
        }
        return literal.append('"').toString();
    }
}
