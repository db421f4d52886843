package dev.conclab.runtime.internal.display;

import dev.conclab.runtime.display.Display;
import dev.conclab.runtime.display.PlainText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A value's rich display for the kernel's debugger ({@code richInspectVariables}): the same MIME
 * bundle a cell ending with the value shows (a chart, HTML, text). The executor calls
 * {@link #of} for a notebook variable between cells; the kernel calls {@link #pairs} over JDI in
 * a thread stopped at a breakpoint, where an array of strings is what it can read back.
 */
public final class DebuggerBundles {
    private DebuggerBundles() {}

    /** The value's MIME bundle, text/plain always among it. */
    public static Map<String, String> of(Object value) {
        Map<String, String> bundle = new LinkedHashMap<>(Display.bundleOf(value).data());
        bundle.putIfAbsent("text/plain", PlainText.of(value));
        return bundle;
    }

    /** The bundle as {mime, data, mime, data, ...}. */
    public static String[] pairs(Object value) {
        Map<String, String> bundle = of(value);
        String[] pairs = new String[bundle.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> entry : bundle.entrySet()) {
            pairs[i++] = entry.getKey();
            pairs[i++] = entry.getValue();
        }
        return pairs;
    }
}
