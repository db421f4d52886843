package dev.conclab.executor;

/**
 * Thrown (and caught) once, when the kernel starts a debug session: the executor's JDWP agent,
 * loaded with {@code onthrow=} this class, sleeps until then and dials the kernel's debug port
 * now ({@code ToExecutor.StartDebugging.WAKE_EXCEPTION} names this class).
 */
final class DebuggerWanted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DebuggerWanted() {
        super("a debugger wants this JVM", null, false, false);
    }
}
