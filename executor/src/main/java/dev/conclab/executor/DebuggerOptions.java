package dev.conclab.executor;

import dev.conclab.kernel.channel.FromExecutor.Outcome;
import dev.conclab.kernel.channel.FromExecutor.Succeeded;
import dev.conclab.runtime.internal.cells.NotebookRuntime;

/**
 * {@code %debugger suspend all} and {@code %debugger suspend thread}: whether a breakpoint, step or
 * pause stops every notebook thread or only the thread that reached it (the default: in a
 * concurrency lab the others go on). The kernel's debugger reads {@link #suspendAll} over JDI
 * at each stop (JdiSession names this class and field), so the choice holds for the session
 * already attached and for the next one, without a message between the two JVMs.
 */
final class DebuggerOptions {
    static final String USAGE = "%debugger suspend all | %debugger suspend thread: whether a breakpoint stops every"
            + " notebook thread or only its own (the default)";

    private volatile boolean suspendAll;

    /** Runs {@code %debugger argument}. */
    Outcome run(String argument) {
        String[] words = argument.strip().split("\\s+");
        if (words.length != 2 || !words[0].equals("suspend") || !(words[1].equals("all") || words[1].equals("thread"))) {
            return Magics.usage("%debugger takes suspend all or suspend thread, not \"" + argument.strip() + "\"");
        }
        suspendAll = words[1].equals("all");
        NotebookRuntime.out().println(suspendAll
                ? "The debugger now stops every notebook thread when one stops at a breakpoint; continue lets them all go."
                : "The debugger now stops only the thread that reaches a breakpoint; the others keep running.");
        return new Succeeded(null, null);
    }
}
