package dev.conclab.kernel.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two notebooks of the same user: the second reaches the first's shared objects only through a
 * handle the first gave it, never by connecting to the socket it sees listening.
 */
class SecondKernelIT {
    @RegisterExtension
    static final RunningKernel first = RunningKernel.perClass().warmUp("1");
    @RegisterExtension
    static final RunningKernel second = RunningKernel.perClass().warmUp("1");

    @Test
    void theSecondKernelConnectingToTheFirstsSocketGetsNothing() throws Exception {
        long executor = Long.parseLong(first.client().run("ProcessHandle.current().pid()").result());
        Set<String> before = listeningSockets(executor);
        Run made = first.client().run("var exam = ProcessQueue.<String>create();\nexam.put(\"exam answers: 42\");");
        assertEquals("ok", made.status(), made.iopub().toString());
        Set<String> sockets = listeningSockets(executor);
        sockets.removeAll(before);
        assertEquals(1, sockets.size(), "the queue's socket: " + sockets);

        // What the report of issue 11 did, from a cell of the other notebook: connect, guess a secret, send a take.
        Run attack = second.client().run("var channel = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX);\n"
                + "channel.connect(java.net.UnixDomainSocketAddress.of(\"" + sockets.iterator().next() + "\"));\n"
                + "var guess = new byte[32];\nnew java.security.SecureRandom().nextBytes(guess);\n"
                + "try {\n"
                + "    channel.write(java.nio.ByteBuffer.wrap(guess));\n"
                + "    channel.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 14, 0, 0, 0, 0, 0, 0, 0, 1, 0, 4, 't', 'a', 'k', 'e'}));\n"
                // The server may close on the wrong secret before the second write: broken pipe. Read anyway,
                // so that anything it sent before closing would still be seen.
                + "} catch (java.io.IOException closedOnTheWrongSecret) { }\n"
                + "var read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {\n"
                + "    try { return channel.read(java.nio.ByteBuffer.allocate(100)); } catch (java.io.IOException e) { return -2; } });\n"
                + "int got = read.get(20, java.util.concurrent.TimeUnit.SECONDS);\n"
                + "channel.close();\n"
                + "got == -1 ? \"closed, nothing received\" : got == -2 ? \"reset, nothing received\" : \"RECEIVED \" + got");
        assertEquals("ok", attack.status(), attack.iopub().toString());
        assertTrue(attack.result().endsWith("nothing received\""), attack.result());

        assertEquals("1", first.client().run("exam.size()").result(), "the item is still in the queue");
        assertEquals("\"exam answers: 42\"", first.client().run("exam.take()").result());
    }

    @Test
    void aHandleTheFirstKernelGaveTheSecondWorks(@TempDir Path shared) throws Exception {
        String file = shared.resolve("handle.ser").toString();
        Run given = first.client().run("var inbox = ProcessQueue.<String>create();\n"
                + "try (var out = new ObjectOutputStream(new FileOutputStream(\"" + file + "\"))) { out.writeObject(inbox); }");
        assertEquals("ok", given.status(), given.iopub().toString());

        Run used = second.client().run("ProcessQueue<String> inbox;\n"
                + "try (var in = new ObjectInputStream(new FileInputStream(\"" + file + "\"))) { inbox = (ProcessQueue<String>) in.readObject(); }\n"
                + "inbox.put(\"from the second notebook\");");
        assertEquals("ok", used.status(), used.iopub().toString());
        assertEquals("\"from the second notebook\"", first.client().run("inbox.take()").result());
    }

    /** The shared objects' sockets process {@code pid} listens on: its socket inodes, looked up in /proc/net/unix. */
    private static Set<String> listeningSockets(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // Not a socket of interest.
                }
            }
        }
        assertFalse(inodes.isEmpty(), "the executor has sockets");
        Set<String> sockets = new HashSet<>();
        // Fields: Num RefCount Protocol Flags Type St Inode Path; a listening socket's flags are 00010000.
        List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", "unix"));
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 8 && fields[3].equals("00010000") && inodes.contains(fields[6]) && fields[7].contains("conclab-ipc-")) {
                sockets.add(fields[7]);
            }
        }
        return sockets;
    }
}
