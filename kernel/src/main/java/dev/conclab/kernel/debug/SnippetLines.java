package dev.conclab.kernel.debug;

import dev.conclab.kernel.channel.FromExecutor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which cell file and line each JShell class's lines belong to, as the executor reports it
 * ({@link FromExecutor.SnippetClasses}) before the cell's code runs. A class declared in a cell
 * ({@code REPL.$JShell$12$Worker}) and a lambda's method belong to their snippet's class.
 */
final class SnippetLines {
    private static final Pattern SNIPPET_CLASS = Pattern.compile("REPL\\.\\$JShell\\$\\w+?(?=\\$|$)");

    /** Where a snippet class's lines are: see {@link FromExecutor.SnippetClass}. */
    record Place(String path, int firstLine, List<Integer> classLines) {
        /** The class line of a cell line, or 0 when the snippet does not hold that line. */
        int classLine(int cellLine) {
            int index = cellLine - firstLine;
            return index >= 0 && index < classLines.size() ? classLines.get(index) : 0;
        }

        /** The cell line of a class line: the snippet line that went there, else the last one before it. */
        int cellLine(int classLine) {
            int best = -1;
            for (int i = 0; i < classLines.size(); i++) {
                int line = classLines.get(i);
                if (line == classLine) {
                    return firstLine + i;
                }
                if (line > 0 && line < classLine && (best < 0 || line > classLines.get(best))) {
                    best = i;
                }
            }
            return firstLine + Math.max(0, best);
        }
    }

    private final Map<String, String> pathByCell = new ConcurrentHashMap<>();
    private final Map<String, Place> placeByClass = new ConcurrentHashMap<>();
    private volatile Consumer<String> arrived = path -> { };

    /** Hears the path of each cell file whose classes just became known. */
    void onArrival(Consumer<String> listener) {
        arrived = listener;
    }

    void cellStarting(String cellId, String path) {
        pathByCell.put(cellId, path);
    }

    void classes(FromExecutor.SnippetClasses report) {
        String path = pathByCell.remove(report.cellId());
        if (path == null) {
            return;
        }
        for (FromExecutor.SnippetClass each : report.classes()) {
            placeByClass.put(each.className(), new Place(path, each.firstLine(), List.copyOf(each.classLines())));
        }
        arrived.accept(path);
    }

    /** The place of a class, nested and lambda classes by their snippet's; null for other classes. */
    Place placeOf(String className) {
        String snippet = snippetClass(className);
        return snippet == null ? null : placeByClass.get(snippet);
    }

    /** The snippet classes of a cell file. */
    List<Map.Entry<String, Place>> classesOf(String path) {
        return placeByClass.entrySet().stream().filter(e -> e.getValue().path().equals(path)).toList();
    }

    /** {@code REPL.$JShell$12} for {@code REPL.$JShell$12$Worker}; null when it is no snippet's class. */
    static String snippetClass(String className) {
        Matcher matcher = SNIPPET_CLASS.matcher(className);
        return matcher.lookingAt() ? matcher.group() : null;
    }
}
