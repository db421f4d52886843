package dev.conclab.runtime.display;

/**
 * A progress bar in the cell, updated in place as work completes; updates are sent at most every
 * 100 ms, so a fast loop does not flood the notebook.
 *
 * <pre>{@code
 * var progress = ProgressBar.show("crunching", 1000);
 * for (int i = 0; i < 1000; i++) { work(i); progress.advance(); }
 * }</pre>
 */
public final class ProgressBar {
    private static final long UPDATE_EVERY_NANOS = 100_000_000L;

    private final String label;
    private final int total;
    private final DisplayHandle handle;
    private final long started = System.nanoTime();
    private int done;
    private long shownAt;

    private ProgressBar(String label, int total) {
        this.label = label;
        this.total = total;
        this.handle = Display.display(render(0));
        this.shownAt = System.nanoTime();
    }

    /** Shows a bar for {@code total} steps of work. */
    public static ProgressBar show(String label, int total) {
        return new ProgressBar(label, total);
    }

    /** One more step is done. */
    public synchronized void advance() {
        done++;
        long now = System.nanoTime();
        if (done >= total || now - shownAt >= UPDATE_EVERY_NANOS) {
            shownAt = now;
            handle.update(render(done));
        }
    }

    private MimeBundle render(int count) {
        double seconds = (System.nanoTime() - started) / 1e9;
        String text = String.format("%s: %d/%d (%.1f s)", label, count, total, seconds);
        String html = String.format("<div><progress value=\"%d\" max=\"%d\" style=\"width: 300px\"></progress> %s</div>",
                count, total, text.replace("&", "&amp;").replace("<", "&lt;"));
        return MimeBundle.of("text/html", html, text);
    }
}
