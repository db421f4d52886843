package dev.conclab.executor.agent;

/**
 * What the JDK's task classes ask about cells, answered by the executor. Cells are plain objects
 * here because the agent does not depend on the runtime.
 */
public interface CellContext {
    /** The cell of the current thread, or null when it has none of its own. */
    Object capture();

    /** Makes {@code cell} the current thread's cell, unless it is null; returns the one it replaces. */
    Object enter(Object cell);

    /** Gives the current thread back the cell {@link #enter} returned. */
    void exit(Object previous);

    /**
     * Notes that the current thread is starting a thread or has made an executor; throws
     * {@link StartRefused} to keep a thread from starting.
     */
    void started(Object threadOrPool);

    /**
     * The current thread called {@code Runtime.exit(status)} (as {@code System.exit} does):
     * returns what to throw instead of ending the JVM, or null to let the JVM exit.
     */
    Error exitCalled(int status);

    /**
     * {@code Runtime.halt(status)} is about to end the JVM: what the cells wrote must reach the
     * kernel first, and then the kernel may end the JVM itself (sooner than the halt does).
     */
    void halting(int status);
}
