package dev.conclab.kernel.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * JDWP has no authentication: the debug port hands over only a connection whose other end is in
 * the process it waits for. Another process (here this test's own JVM) that connects first is
 * closed without a byte read or written.
 */
class DebugPortTest {
    @Test
    void acceptsOnlyTheExpectedProcess() throws Exception {
        try (DebugPort port = DebugPort.open()) {
            Matcher address = Pattern.compile("address=127\\.0\\.0\\.1:(\\d+)").matcher(port.agentOption());
            assertTrue(address.find(), port.agentOption());
            int number = Integer.parseInt(address.group(1));
            try (Socket intruder = new Socket(InetAddress.getLoopbackAddress(), number)) {
                // The expected process: a shell that connects, says hello and waits to be closed.
                Process expected = new ProcessBuilder("bash", "-c",
                        "exec 3<>/dev/tcp/127.0.0.1/" + number + "; echo hello >&3; cat <&3 >/dev/null").start();
                try (Socket accepted = port.accept(expected.toHandle(), Duration.ofSeconds(30))) {
                    byte[] hello = accepted.getInputStream().readNBytes(6);
                    assertEquals("hello\n", new String(hello, StandardCharsets.US_ASCII));
                    InputStream fromPort = intruder.getInputStream();
                    intruder.setSoTimeout(10_000);
                    assertEquals(-1, fromPort.read(), "the intruder's connection was closed");
                } finally {
                    expected.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** An attach never waits long: a process that never dials gets an error once the bound passes. */
    @Test
    void aProcessThatNeverDialsEndsTheWaitWithAClearError() throws Exception {
        try (DebugPort port = DebugPort.open()) {
            IOException late = assertThrows(IOException.class, () -> port.accept(ProcessHandle.current(), Duration.ofMillis(300)));
            assertTrue(late.getMessage().contains("did not connect in time"), late.getMessage());
        }
    }

    /** A process that ended will never dial: the wait ends at once, saying so. */
    @Test
    void aProcessThatEndedEndsTheWait() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (DebugPort port = DebugPort.open()) {
            IOException ended = assertThrows(IOException.class, () -> port.accept(gone.toHandle(), Duration.ofMinutes(10)));
            assertTrue(ended.getMessage().contains("ended before"), ended.getMessage());
        }
    }
}
