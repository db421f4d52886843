package dev.conclab.runtime.display;

import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import java.util.UUID;

/**
 * The display API that cells use without imports: show objects and raw content as rich output,
 * update an output in place, clear the cell.
 *
 * <p>Outside the kernel (a plain JVM, a child process) there is no notebook to show into, so
 * each call prints the plain-text form to {@code System.out}.
 */
public final class Display {
    private Display() {}

    /** Shows {@code content} in the cell and returns a handle to update it later. */
    public static DisplayHandle display(Object content) {
        DisplayHandle handle = new DisplayHandle(UUID.randomUUID().toString());
        show(content, handle.id(), false);
        return handle;
    }

    /** Shows {@code content} under a display id of your choice, so that other cells can update it. */
    public static DisplayHandle display(Object content, String displayId) {
        show(content, displayId, false);
        return new DisplayHandle(displayId);
    }

    /** Replaces the output shown under {@code displayId}, wherever it is in the notebook. */
    public static void updateDisplay(String displayId, Object content) {
        show(content, displayId, true);
    }

    /** Clears the output of the current cell at once. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears the output of the current cell; with {@code wait}, when the next output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        CellRouting routing = NotebookRuntime.routing();
        Cell cell = routing == null ? null : routing.current();
        if (cell != null) {
            NotebookRuntime.flush();
            routing.sink().clear(cell, wait);
        }
    }

    /** HTML content. */
    public static MimeBundle html(String html) {
        return MimeBundle.of("text/html", html, "<HTML output>");
    }

    /** An SVG image. */
    public static MimeBundle svg(String svg) {
        return SvgImage.bundle(svg, "<SVG image>");
    }

    /** Markdown text. */
    public static MimeBundle markdown(String markdown) {
        return MimeBundle.of("text/markdown", markdown, markdown);
    }

    /** A JSON document, shown by JupyterLab as a tree. */
    public static MimeBundle json(String json) {
        return MimeBundle.of("application/json", json, json);
    }

    /** A PNG image. */
    public static MimeBundle png(byte[] png) {
        return MimeBundle.png(png);
    }

    /** Content of any MIME type; text types as they are, other types as base64 of their bytes. */
    public static MimeBundle mime(String mimeType, String content) {
        return MimeBundle.of(mimeType, content, "<" + mimeType + " output>");
    }

    /** Binary content of any MIME type, such as {@code image/jpeg}. */
    public static MimeBundle mime(String mimeType, byte[] content) {
        return MimeBundle.of(mimeType, java.util.Base64.getEncoder().encodeToString(content),
                "<" + mimeType + " output, " + content.length + " bytes>");
    }

    /** The representations a notebook shows for {@code value}. */
    public static MimeBundle bundleOf(Object value) {
        if (value instanceof MimeBundle bundle) {
            return bundle;
        }
        if (value instanceof RichDisplay rich) {
            return rich.toMimeBundle();
        }
        return MimeBundle.text(PlainText.of(value));
    }

    private static void show(Object content, String displayId, boolean update) {
        MimeBundle bundle = bundleOf(content);
        CellRouting routing = NotebookRuntime.routing();
        Cell cell = routing == null ? null : routing.current();
        if (cell == null) {
            System.out.println(bundle.data().getOrDefault("text/plain", ""));
            return;
        }
        // Text already printed must appear above the display, as the user wrote it.
        NotebookRuntime.flush();
        routing.sink().display(cell, bundle.data(), displayId, update);
    }

}
