package dev.conclab.executor;

import dev.conclab.kernel.channel.ChannelConnection;
import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.kernel.channel.ToExecutor;
import java.io.IOException;

/**
 * The executor's end of the channel to the kernel. When the kernel is gone, nobody can see or
 * stop this process's work any more, so the executor ends itself at once.
 */
final class KernelLink {
    private final ChannelConnection<ToExecutor, FromExecutor> connection;
    private final Runnable cleanUp;

    /** {@code cleanUp} removes what would outlive this JVM, when the kernel is gone and cannot. */
    KernelLink(ChannelConnection<ToExecutor, FromExecutor> connection, Runnable cleanUp) {
        this.connection = connection;
        this.cleanUp = cleanUp;
    }

    void send(FromExecutor message) {
        try {
            connection.send(message);
        } catch (IOException e) {
            end();
        }
    }

    /**
     * Sends as this JVM ends anyway ({@code Runtime.halt}): a channel already broken is left as it
     * is, since ending this JVM for it would halt again from inside the halt.
     */
    void sendBeforeEnd(FromExecutor message) {
        try {
            connection.send(message);
        } catch (IOException e) {
            // The kernel is gone or going; the halt under way ends this JVM.
        }
    }

    ToExecutor receive() {
        try {
            return connection.receive();
        } catch (IOException e) {
            end();
            throw new IllegalStateException("unreachable", e);
        }
    }

    private void end() {
        cleanUp.run();
        // Child JVMs watch this one and exit with it; an OS command a cell started does not.
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        Runtime.getRuntime().halt(0);
    }
}
