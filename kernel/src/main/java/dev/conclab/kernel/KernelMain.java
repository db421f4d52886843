package dev.conclab.kernel;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.conclab.kernel.server.KernelServer;
import dev.conclab.kernel.wire.ConnectionInfo;
import dev.conclab.kernel.wire.InvalidConnectionFileException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts the kernel: {@code KernelMain <connection-file>}, as a kernelspec's argv does. The kernel
 * speaks the Jupyter protocol and runs cells in an executor JVM it starts and supervises.
 */
public final class KernelMain {
    /**
     * Executor JVM options unless {@code CONCLAB_EXECUTOR_OPTS} says otherwise. The small initial
     * heap matters: by default the JVM commits 1/64 of the machine's memory up front (384 MB on
     * 24 GiB) and the young generation cycling through it made 150 MB of resident memory that
     * held nothing.
     */
    static final String DEFAULT_EXECUTOR_OPTIONS = "-Xms32m -Xmx1g -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -Xss1m";

    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain <connection-file>   (Jupyter passes {connection_file})");
            System.exit(2);
        }
        ObjectMapper json = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        ConnectionInfo connection;
        try {
            connection = ConnectionInfo.read(Path.of(args[0]), json);
        } catch (InvalidConnectionFileException e) {
            System.err.println("conclab kernel: " + e.getMessage());
            System.exit(1);
            return;
        }
        KernelServer server = new KernelServer(connection, json, executorCommand());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "conclab-stop-on-signal"));
        handleSigint(server);
        exitWithParent(server);
        server.run();
        System.exit(0);
    }

    /** The executor runs on this kernel's JDK with this kernel's class path. */
    static List<String> executorCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = System.getenv().getOrDefault("CONCLAB_EXECUTOR_OPTS", DEFAULT_EXECUTOR_OPTIONS);
        for (String option : options.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        agentJar().ifPresent(jar -> command.add("-javaagent:" + jar));
        // CompilerUpkeep reaches into JShell's compiler, which has no API for what it does.
        command.add("--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.conclab.executor.ExecutorMain");
        return command;
    }

    /**
     * The kernel jar is also the executor's Java agent ({@code ExecutorAgent}), which routes the
     * output of pool tasks to the cell that submitted them; run from class folders, there is none.
     */
    private static Optional<Path> agentJar() {
        try {
            Path location = Path.of(KernelMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toString().endsWith(".jar") ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * jupyter_client names the process that started the kernel in JPY_PARENT_PID; when it dies
     * without a shutdown request, nobody can reach this kernel any more, so it ends too.
     */
    private static void exitWithParent(KernelServer server) {
        String parent = System.getenv("JPY_PARENT_PID");
        if (parent == null || !parent.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parent)).ifPresent(handle -> handle.onExit().thenRun(server::stop));
    }

    @SuppressWarnings("restriction")
    private static void handleSigint(KernelServer server) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> server.interrupt());
        } catch (IllegalArgumentException e) {
            // No SIGINT here; interrupt_request still works.
        }
    }
}
