package dev.conclab.kernel.execution;

import dev.conclab.kernel.channel.FromExecutor;

/** What the kernel does with output the executor reports while cells run. */
public interface ExecutorEvents {

    /** Output from a cell: stream text, a display, a clear, or a request for input. */
    void output(FromExecutor event);

    /** Text the executor process wrote straight to its stdout or stderr (children, the JVM itself). */
    void rawOutput(String stream, String text);
}
