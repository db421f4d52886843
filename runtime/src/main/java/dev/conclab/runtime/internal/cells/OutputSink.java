package dev.conclab.runtime.internal.cells;

import java.util.Map;

/** Where cell output goes; the host that runs cells (the kernel's executor) provides it. */
public interface OutputSink {

    /** Appends text that code of {@code cell} wrote to {@code stream}. */
    void write(Cell cell, StreamName stream, String text);

    /**
     * Shows a rich output in {@code cell}: {@code data} maps MIME types to their representations
     * (as {@code MimeBundle} holds them; plain maps keep this package free of the display API).
     *
     * @param displayId null for a plain display; otherwise the id later updates refer to
     * @param update true to replace the output shown earlier with the same id instead of adding one
     */
    void display(Cell cell, Map<String, String> data, String displayId, boolean update);

    /** Clears the output of {@code cell}; with {@code wait}, only when the next output arrives. */
    void clear(Cell cell, boolean wait);
}
