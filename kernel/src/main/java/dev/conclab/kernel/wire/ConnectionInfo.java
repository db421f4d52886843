package dev.conclab.kernel.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection file Jupyter writes for a kernel: where to bind each socket and how to sign.
 *
 * @param transport "tcp" or "ipc"
 * @param ip the address to bind; for ipc, the path prefix of the socket files
 */
public record ConnectionInfo(
        String transport, String ip, int shellPort, int iopubPort, int stdinPort, int controlPort,
        int heartbeatPort, String key, String signatureScheme) {

    /** Reads {@code file}; a missing or malformed file is an error that names the problem. */
    public static ConnectionInfo read(Path file, ObjectMapper json) throws InvalidConnectionFileException {
        JsonNode root;
        try {
            root = json.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InvalidConnectionFileException("cannot read connection file " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConnectionFileException("connection file " + file + " does not hold a JSON object");
        }
        String transport = text(root, "transport", "tcp", file);
        if (!transport.equals("tcp") && !transport.equals("ipc")) {
            throw new InvalidConnectionFileException("connection file " + file + ": transport must be tcp or ipc, not " + transport);
        }
        String scheme = text(root, "signature_scheme", "hmac-sha256", file);
        if (!scheme.equals("hmac-sha256")) {
            throw new InvalidConnectionFileException("connection file " + file + ": only hmac-sha256 signing is supported, not " + scheme);
        }
        return new ConnectionInfo(transport, text(root, "ip", "127.0.0.1", file),
                port(root, "shell_port", file), port(root, "iopub_port", file), port(root, "stdin_port", file),
                port(root, "control_port", file), port(root, "hb_port", file), text(root, "key", "", file), scheme);
    }

    /** The ZeroMQ endpoint of the socket on {@code port}. */
    public String endpoint(int port) {
        return transport.equals("ipc") ? "ipc://" + ip + "-" + port : "tcp://" + ip + ":" + port;
    }

    private static String text(JsonNode root, String field, String fallback, Path file) throws InvalidConnectionFileException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new InvalidConnectionFileException("connection file " + file + ": " + field + " must be a string");
        }
        return node.asText();
    }

    private static int port(JsonNode root, String field, Path file) throws InvalidConnectionFileException {
        JsonNode node = root.get(field);
        if (node == null || !node.canConvertToInt() || node.asInt() < 0 || node.asInt() > 65535) {
            throw new InvalidConnectionFileException("connection file " + file + ": " + field + " must be a port number");
        }
        return node.asInt();
    }

    @Override
    public String toString() {
        // Never print the key.
        return "ConnectionInfo[" + transport + "://" + ip + " shell=" + shellPort + " iopub=" + iopubPort
                + " stdin=" + stdinPort + " control=" + controlPort + " hb=" + heartbeatPort + "]";
    }
}
