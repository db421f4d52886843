package dev.conclab.kernel.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real kernel, started as Jupyter starts it: a JVM running the packaged jar with a
 * connection file. Tests talk to it only through its sockets.
 */
public final class KernelProcess implements AutoCloseable {
    public final Path connectionFile;
    public final String key;
    public final String ip;
    public final int shellPort;
    public final int iopubPort;
    public final int stdinPort;
    public final int controlPort;
    public final int heartbeatPort;
    public final Process process;
    private final Path logFile;
    private final Path directory;

    private KernelProcess(Path directory, String key, String ip, int[] ports, List<String> commandPrefix,
                          List<String> extraJvmOptions) throws IOException {
        this(directory, key, ip, ports, commandPrefix, extraJvmOptions, Map.of());
    }

    private KernelProcess(Path directory, String key, String ip, int[] ports, List<String> commandPrefix,
                          List<String> extraJvmOptions, Map<String, String> environment) throws IOException {
        this.key = key;
        this.ip = ip;
        this.directory = directory;
        this.shellPort = ports[0];
        this.iopubPort = ports[1];
        this.stdinPort = ports[2];
        this.controlPort = ports[3];
        this.heartbeatPort = ports[4];
        this.connectionFile = directory.resolve("kernel.json");
        this.logFile = directory.resolve("kernel.log");
        ObjectNode connection = new ObjectMapper().createObjectNode()
                .put("transport", "tcp").put("ip", ip)
                .put("shell_port", shellPort).put("iopub_port", iopubPort).put("stdin_port", stdinPort)
                .put("control_port", controlPort).put("hb_port", heartbeatPort)
                .put("key", key).put("signature_scheme", "hmac-sha256").put("kernel_name", "conclab-java");
        Files.writeString(connectionFile, connection.toPrettyString());
        List<String> command = new ArrayList<>(commandPrefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(extraJvmOptions);
        command.add("-cp");
        command.add(kernelClassPath());
        command.add("dev.conclab.kernel.KernelMain");
        command.add(connectionFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
        builder.environment().putAll(environment);
        this.process = builder.start();
    }

    /** Starts a kernel on free loopback ports with a fresh key. */
    public static KernelProcess start() throws IOException {
        return start(List.of());
    }

    public static KernelProcess start(List<String> extraJvmOptions) throws IOException {
        Path directory = Files.createTempDirectory("conclab-test-");
        return new KernelProcess(directory, UUID.randomUUID().toString(), "127.0.0.1", freePorts(5), List.of(), extraJvmOptions);
    }

    /** Starts a kernel with these environment variables too (e.g. {@code CONCLAB_EXECUTOR_OPTS}). */
    public static KernelProcess startWithEnvironment(Map<String, String> environment) throws IOException {
        Path directory = Files.createTempDirectory("conclab-test-");
        return new KernelProcess(directory, UUID.randomUUID().toString(), "127.0.0.1", freePorts(5), List.of(), List.of(), environment);
    }

    /** Starts a kernel whose connection file names {@code ip}, a loopback address. */
    public static KernelProcess startAt(String ip) throws IOException {
        Path directory = Files.createTempDirectory("conclab-test-");
        return new KernelProcess(directory, UUID.randomUUID().toString(), ip, freePorts(5), List.of(), List.of());
    }

    /**
     * Starts a kernel as the leader of a process group of its own, as jupyter_client starts
     * kernels, so that a test can signal the group.
     */
    public static KernelProcess startInOwnProcessGroup() throws IOException {
        Path directory = Files.createTempDirectory("conclab-test-");
        return new KernelProcess(directory, UUID.randomUUID().toString(), "127.0.0.1", freePorts(5), List.of("setsid"), List.of());
    }

    /**
     * The packaged kernel: target/conclab-kernel.jar and target/lib, as install.sh ships them; the
     * kernel finds the executor's own class path in target/executor beside its jar.
     */
    public static String kernelClassPath() {
        Path target = Path.of(System.getProperty("conclab.target", "target")).toAbsolutePath();
        Path jar = target.resolve("conclab-kernel.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests with 'mvn verify' (they need the packaged kernel)");
        }
        return jar + File.pathSeparator + target.resolve("lib") + File.separator + "*";
    }

    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Waits for the kernel to exit by itself; true if it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // A leftover temporary file harms nothing.
        }
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }
}
