package dev.conclab.kernel.channel;

import java.io.Serializable;

/** What the kernel asks of the executor JVM. Positions are UTF-16 offsets into the code. */
public sealed interface ToExecutor extends Serializable {
    /**
     * Set to true on the one executor JVM that install.sh runs to write the executor's class-data
     * archive (the kernel's {@code ExecutorArchive}), never on a notebook's.
     */
    String ARCHIVE_RUN_PROPERTY = "conclab.archiveRun";

    /**
     * A message the executor answers with exactly one {@link FromExecutor.Answer} carrying the same
     * {@code requestId}: the kernel matches answers by it, not by their order, so an answer can
     * never complete a different request than its own.
     */
    sealed interface Request extends ToExecutor {
        String requestId();
    }

    /** Runs the code of one cell on behalf of the request {@code cellId}, which is also its request id. */
    record Execute(String cellId, int executionCount, String code, boolean allowStdin) implements Request {
        @Override
        public String requestId() {
            return cellId;
        }
    }

    /** Completions for the identifier at {@code cursor}. */
    record Complete(String requestId, String code, int cursor) implements Request {}

    /** Documentation of the identifier at or just before {@code cursor}. */
    record Inspect(String requestId, String code, int cursor) implements Request {}

    /** Whether {@code code} is a whole cell, for consoles deciding what Enter does. */
    record CheckComplete(String requestId, String code) implements Request {}

    /**
     * The rich display of the notebook variable {@code name} (the debugger's richInspectVariables),
     * answered with {@link FromExecutor.VariableDisplay}; asked only between cells.
     */
    record DisplayVariable(String requestId, String name) implements Request {}

    // Not requests: nothing answers them.

    /** The text a person typed for an {@link FromExecutor.InputRequest}. */
    record InputReply(String text) implements ToExecutor {}

    /** Stops the running cell. Sent outside the request order: it overtakes nothing but wakes the cell. */
    record Interrupt() implements ToExecutor {}

    /**
     * A debugger wants this JVM: it starts its JDWP agent, which dials the kernel's debug port
     * (the agent is loaded at start but asleep until then), and from then on says which class
     * each snippet compiles to ({@link FromExecutor.SnippetClasses}).
     */
    record StartDebugging() implements ToExecutor {
        /**
         * The exception whose throw wakes the executor's JDWP agent ({@code onthrow=}): the
         * executor throws it on being told to start debugging, and nothing else throws it.
         */
        public static final String WAKE_EXCEPTION = "dev.conclab.executor.DebuggerWanted";
        /** Set (true) on an executor started with the agent: it compiles cells with local variable tables. */
        public static final String DEBUGGABLE_PROPERTY = "conclab.debuggable";
    }

    /**
     * The kernel set the breakpoints of cell {@code cellId}'s classes ({@link FromExecutor.SnippetClasses}):
     * its code may run now without passing a breakpoint line before the breakpoint is there.
     */
    record SnippetClassesSeen(String cellId) implements ToExecutor {}
}
