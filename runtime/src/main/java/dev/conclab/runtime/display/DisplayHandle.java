package dev.conclab.runtime.display;

/**
 * An output shown with an id, which can be replaced in place later (a progress bar, a live chart).
 *
 * @param id the Jupyter {@code display_id}
 */
public record DisplayHandle(String id) {

    /** Replaces the output shown under this handle. */
    public void update(Object content) {
        Display.updateDisplay(id, content);
    }
}
