package dev.conclab.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.KernelProcess;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel binds where its connection file says and nowhere else, and stops on a bad file saying why. */
class ConnectionIT {

    @Test
    void socketsAreBoundToTheConnectionFilesAddressOnly() throws Exception {
        try (KernelProcess kernel = KernelProcess.startAt("127.0.0.2"); JupyterTestClient client = new JupyterTestClient(kernel)) {
            assertEquals("2", client.run("1 + 1").result(), kernel.log());
            for (int port : List.of(kernel.shellPort, kernel.iopubPort, kernel.stdinPort, kernel.controlPort, kernel.heartbeatPort)) {
                new Socket("127.0.0.2", port).close();
                assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(),
                        "port " + port + " answers on an address the connection file does not name");
            }
        }
    }

    @Test
    void aMissingOrMalformedConnectionFileStopsTheKernelWithTheProblemNamed(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nowhere.json");
        assertStopsSaying(missing, "cannot read connection file " + missing);
        Path noPorts = Files.writeString(dir.resolve("no-ports.json"), "{\"transport\": \"tcp\", \"ip\": \"127.0.0.1\", \"key\": \"k\"}");
        assertStopsSaying(noPorts, "shell_port must be a port number");
        Path notJson = Files.writeString(dir.resolve("not-json.json"), "{\"transport\": tcp");
        assertStopsSaying(notJson, "cannot read connection file " + notJson);
        Path udp = Files.writeString(dir.resolve("udp.json"), "{\"transport\": \"udp\"}");
        assertStopsSaying(udp, "transport must be tcp or ipc, not udp");
    }

    private static void assertStopsSaying(Path connectionFile, String expected) throws Exception {
        Process kernel = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", KernelProcess.kernelClassPath(), "dev.conclab.kernel.KernelMain", connectionFile.toString())
                .redirectErrorStream(true).start();
        String said = new String(kernel.getInputStream().readAllBytes());
        assertTrue(kernel.waitFor(30, TimeUnit.SECONDS), "the kernel did not stop: " + said);
        assertEquals(1, kernel.exitValue(), said);
        assertTrue(said.contains(expected), said);
    }
}
