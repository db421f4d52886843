package dev.conclab.kernel.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
 * handle the first gave it, never by connecting to the port it sees listening.
 */
class SecondKernelIT {
    @RegisterExtension
    static final RunningKernel first = RunningKernel.perClass().warmUp("1");
    @RegisterExtension
    static final RunningKernel second = RunningKernel.perClass().warmUp("1");

    @Test
    void theSecondKernelConnectingToTheFirstsPortGetsNothing() throws Exception {
        long executor = Long.parseLong(first.client().run("ProcessHandle.current().pid()").result());
        Set<Integer> before = listeningPorts(executor);
        Run made = first.client().run("var exam = ProcessQueue.<String>create();\nexam.put(\"exam answers: 42\");");
        assertEquals("ok", made.status(), made.iopub().toString());
        Set<Integer> ports = listeningPorts(executor);
        ports.removeAll(before);
        assertEquals(1, ports.size(), "the queue's port: " + ports);

        // What the report of issue 11 did, from a cell of the other notebook: a plain DEALER, the take's three frames.
        Run attack = second.client().run("var context = new org.zeromq.ZContext();\n"
                + "var dealer = context.createSocket(org.zeromq.SocketType.DEALER);\n"
                + "var events = context.createSocket(org.zeromq.SocketType.PAIR);\n"
                + "dealer.monitor(\"inproc://intruder\", org.zeromq.ZMQ.EVENT_DISCONNECTED);\n"
                + "events.connect(\"inproc://intruder\");\n"
                + "events.setReceiveTimeOut(20000);\n"
                + "dealer.connect(\"tcp://127.0.0.1:" + ports.iterator().next() + "\");\n"
                + "dealer.sendMore(java.nio.ByteBuffer.allocate(8).putLong(1).array());\n"
                + "dealer.sendMore(\"take\");\n"
                + "dealer.send(new byte[0], 0);\n"
                + "var event = org.zeromq.ZMQ.Event.recv(events);\n"
                + "var got = dealer.recv(org.zeromq.ZMQ.DONTWAIT);\n"
                + "context.close();\n"
                + "(event == null ? \"no disconnect in 20 s\" : \"disconnected\") + \", \" + (got == null ? \"nothing received\" : \"RECEIVED \" + got.length)");
        assertEquals("\"disconnected, nothing received\"", attack.result(), attack.iopub().toString());

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

    /** The TCP ports process {@code pid} listens on: its socket inodes, looked up in its /proc/net/tcp. */
    private static Set<Integer> listeningPorts(long pid) throws IOException {
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
        Set<Integer> ports = new HashSet<>();
        // Java's sockets are IPv6 ones even when bound to 127.0.0.1, so they are listed in tcp6.
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                boolean listening = fields[3].equals("0A");
                if (listening && inodes.contains(fields[9])) {
                    ports.add(Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16));
                }
            }
        }
        assertFalse(inodes.isEmpty(), "the executor has sockets");
        return ports;
    }
}
