package dev.conclab.runtime.internal.cells;

/** The two text streams a cell writes to, named as the Jupyter protocol names them. */
public enum StreamName {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String wireName;

    StreamName(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in Jupyter {@code stream} messages. */
    public String wireName() {
        return wireName;
    }
}
