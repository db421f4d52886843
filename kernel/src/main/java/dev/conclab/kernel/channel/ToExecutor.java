package dev.conclab.kernel.channel;

import java.io.Serializable;

/** What the kernel asks of the executor JVM. Positions are UTF-16 offsets into the code. */
public sealed interface ToExecutor extends Serializable {

    /** Runs the code of one cell on behalf of the request {@code cellId}. */
    record Execute(String cellId, int executionCount, String code, boolean allowStdin) implements ToExecutor {}

    /** Completions for the identifier at {@code cursor}. */
    record Complete(String code, int cursor) implements ToExecutor {}

    /** Documentation of the identifier at or just before {@code cursor}. */
    record Inspect(String code, int cursor) implements ToExecutor {}

    /** Whether {@code code} is a whole cell, for consoles deciding what Enter does. */
    record CheckComplete(String code) implements ToExecutor {}

    /** The text a person typed for an {@link FromExecutor.InputRequest}. */
    record InputReply(String text) implements ToExecutor {}

    /** Stops the running cell. Sent outside the request order: it overtakes nothing but wakes the cell. */
    record Interrupt() implements ToExecutor {}
}
