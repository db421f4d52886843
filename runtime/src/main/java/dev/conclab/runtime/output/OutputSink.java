package dev.conclab.runtime.output;

import dev.conclab.runtime.display.MimeBundle;

/** Where cell output goes; the host that runs cells (the kernel's executor) provides it. */
public interface OutputSink {

    /** Appends text that code of {@code cell} wrote to {@code stream}. */
    void write(Cell cell, StreamName stream, String text);

    /**
     * Shows a rich output in {@code cell}.
     *
     * @param displayId null for a plain display; otherwise the id later updates refer to
     * @param update true to replace the output shown earlier with the same id instead of adding one
     */
    void display(Cell cell, MimeBundle bundle, String displayId, boolean update);

    /** Clears the output of {@code cell}; with {@code wait}, only when the next output arrives. */
    void clear(Cell cell, boolean wait);
}
