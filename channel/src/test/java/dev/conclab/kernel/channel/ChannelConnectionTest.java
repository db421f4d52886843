package dev.conclab.kernel.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Serializable;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The channel over a real Unix domain socket reads its own records and refuses any other class. */
class ChannelConnectionTest {

    @Test
    void aRecordArrivesAndAnObjectOfAnotherClassIsRefused() throws Exception {
        PrivateDirectory directory = PrivateDirectory.create();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(directory.socket()));
            CompletableFuture<ChannelConnection<FromExecutor, ToExecutor>> kernelSide = CompletableFuture.supplyAsync(() -> {
                try {
                    return new ChannelConnection<>(server.accept(), FromExecutor.class);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The other end as a hostile executor would be: it may send any Serializable.
            try (ChannelConnection<ToExecutor, Serializable> hostile =
                         new ChannelConnection<>(SocketChannel.open(UnixDomainSocketAddress.of(directory.socket())), ToExecutor.class);
                 ChannelConnection<FromExecutor, ToExecutor> kernel = kernelSide.join()) {
                hostile.send(new FromExecutor.StreamText("cell-1", "stdout", "hello\n"));
                assertEquals(new FromExecutor.StreamText("cell-1", "stdout", "hello\n"), kernel.receive());

                hostile.send(URI.create("http://example.invalid/").toURL());
                IOException refused = assertThrows(IOException.class, kernel::receive);
                assertTrue(refused.getMessage().contains("an object of class java.net.URL from the executor channel was refused"),
                        refused.getMessage());
            }
        } finally {
            directory.delete();
        }
    }
}
