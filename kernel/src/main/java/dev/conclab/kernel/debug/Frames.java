package dev.conclab.kernel.debug;

import com.sun.jdi.Location;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A thread's stack as DAP shows it: frames of cell code with their cell file and cell line,
 * JDK frames without a source, and the frames of JShell's machinery, reflection and the
 * executor hidden. A frame's name says which locks it holds or waits for ({@link Locks}).
 */
final class Frames {
    /** A frame of a stopped thread, by its index from the top. */
    record FrameRef(ThreadReference thread, int index) {}

    private static final List<String> HIDDEN = List.of("dev.conclab.", "jdk.jshell.", "jdk.internal.reflect.",
            "java.lang.reflect.", "java.lang.invoke.");

    private Frames() {}

    static List<Map<String, Object>> of(JdiSession session, ThreadReference thread, Handles handles) {
        List<Map<String, Object>> shown = new ArrayList<>();
        List<StackFrame> frames = session.frames(thread);
        // What each frame holds or waits for, in its name: the Call Stack panel shows names only.
        Map<Integer, String> locks = Locks.of(thread);
        for (int i = 0; i < frames.size(); i++) {
            Location location = frames.get(i).location();
            String className = location.declaringType().name();
            // $$Lambda: the JDK's generated class that calls a lambda's body, which is the frame below.
            if (HIDDEN.stream().anyMatch(className::startsWith) || className.contains("$$Lambda")) {
                continue;
            }
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("id", handles.add(new FrameRef(thread, i)));
            String note = locks.get(i);
            frame.put("name", name(className, location.method().name()) + (note == null ? "" : " \u2014 " + note));
            SnippetLines.Place place = session.lines().placeOf(className);
            if (place != null) {
                frame.put("line", place.cellLine(location.lineNumber()));
                frame.put("column", 1);
                frame.put("source", Map.of("path", place.path(), "name", "cell " + fileName(place.path())));
            } else {
                frame.put("line", Math.max(0, location.lineNumber()));
                frame.put("column", 0);
                frame.put("presentationHint", "subtle");
                // A source for every frame: JupyterLab's call stack reads source.path of each (and
                // shows nothing when one lacks it). The class's name; asking for its text is refused.
                frame.put("source", Map.of("name", className, "path", className, "presentationHint", "deemphasize"));
            }
            shown.add(frame);
        }
        return shown;
    }

    /** {@code Worker.run} for a class a cell declared, {@code cell} for a snippet's own code, else Class.method. */
    static String name(String className, String method) {
        String snippet = SnippetLines.snippetClass(className);
        if (snippet == null) {
            return className.substring(className.lastIndexOf('.') + 1) + "." + method;
        }
        String nested = className.substring(snippet.length()).replaceFirst("^\\$", "");
        String shownMethod = method.equals("do_it$") ? "<cell>" : method.replaceAll("^lambda\\$(.*)\\$\\d+$", "lambda in $1")
                .replace("do_it$", "cell");
        return nested.isEmpty() ? shownMethod : nested + "." + shownMethod;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
