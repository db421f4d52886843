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

    KernelLink(ChannelConnection<ToExecutor, FromExecutor> connection) {
        this.connection = connection;
    }

    void send(FromExecutor message) {
        try {
            connection.send(message);
        } catch (IOException e) {
            Runtime.getRuntime().halt(0);
        }
    }

    ToExecutor receive() {
        try {
            return connection.receive();
        } catch (IOException e) {
            Runtime.getRuntime().halt(0);
            throw new IllegalStateException("unreachable", e);
        }
    }
}
