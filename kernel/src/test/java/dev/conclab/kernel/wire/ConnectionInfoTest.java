package dev.conclab.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionInfoTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsAConnectionFileAndNeverShowsItsKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\"transport\":\"tcp\",\"ip\":\"127.0.0.1\",\"shell_port\":1,\"iopub_port\":2,\"stdin_port\":3,"
                + "\"control_port\":4,\"hb_port\":5,\"key\":\"top-secret\",\"signature_scheme\":\"hmac-sha256\"}");
        ConnectionInfo info = ConnectionInfo.read(file, json);
        assertEquals("tcp://127.0.0.1:1", info.endpoint(info.shellPort()));
        assertEquals(5, info.heartbeatPort());
        assertFalse(info.toString().contains("top-secret"));
    }

    @Test
    void ipcTransportUsesThePathPrefix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\"transport\":\"ipc\",\"ip\":\"/tmp/k\",\"shell_port\":1,\"iopub_port\":2,\"stdin_port\":3,\"control_port\":4,\"hb_port\":5,\"key\":\"\"}");
        assertEquals("ipc:///tmp/k-2", ConnectionInfo.read(file, json).endpoint(2));
    }

    @Test
    void aMissingOrMalformedFileNamesTheProblem(@TempDir Path dir) throws Exception {
        InvalidConnectionFileException missing = assertThrows(InvalidConnectionFileException.class,
                () -> ConnectionInfo.read(dir.resolve("absent.json"), json));
        assertTrue(missing.getMessage().contains("absent.json"));
        Path noPort = dir.resolve("bad.json");
        Files.writeString(noPort, "{\"transport\":\"tcp\",\"ip\":\"127.0.0.1\"}");
        assertTrue(assertThrows(InvalidConnectionFileException.class, () -> ConnectionInfo.read(noPort, json))
                .getMessage().contains("shell_port"));
        Path notJson = dir.resolve("garbage.json");
        Files.writeString(notJson, "not json at all");
        assertThrows(InvalidConnectionFileException.class, () -> ConnectionInfo.read(notJson, json));
    }
}
