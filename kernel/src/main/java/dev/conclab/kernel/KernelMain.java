package dev.conclab.kernel;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.conclab.kernel.execution.EarlyEvents;
import dev.conclab.kernel.execution.ExecutorSupervisor;
import dev.conclab.kernel.server.KernelServer;
import dev.conclab.kernel.wire.ConnectionInfo;
import dev.conclab.kernel.wire.InvalidConnectionFileException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts the kernel: {@code KernelMain <connection-file>}, as a kernelspec's argv does. The kernel
 * speaks the Jupyter protocol and runs cells in an executor JVM it starts and supervises.
 */
public final class KernelMain {
    private static final String EXECUTOR_FOLDER = "executor";
    private static final String EXECUTOR_JAR = "conclab-executor.jar";
    static final String EXECUTOR_ARCHIVE = "executor.jsa";
    /**
     * Keeps javac and JShell out of C2 (they stay in C1's code): C2 compiled them beside the
     * cells for the first ~600 cells after the warm-up, 3.6-4.4 ms of compiler CPU per trivial
     * cell against 0.3-0.6 with this, for an executor CPU per cell of 7.8-8.6 ms against 4.3-5.2
     * (docs/benchmarks.md). Only after that did C2's code for javac pay (cell thread 2.5 ms
     * against 3.3): more cells than a notebook's session. The notebook's own code keeps C2, as
     * under {@code java}.
     */
    static final String COMPILER_DIRECTIVES = "compiler-directives.json";

    /**
     * Executor JVM options unless {@code CONCLAB_EXECUTOR_OPTS} says otherwise. The small initial
     * heap matters: by default the JVM commits 1/64 of the machine's memory up front (384 MB on
     * 24 GiB) and the young generation cycling through it made 150 MB of resident memory that
     * held nothing.
     */
    static final String DEFAULT_EXECUTOR_OPTIONS = String.join(" ",
            "-Xms32m",
            "-Xmx1g",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:+UseSerialGC",
            "-Xss1m",
            // A young generation of 1/6 of the heap instead of 1/3: every page of it becomes
            // resident as cells allocate, and javac's ~45 MB that live long made it 28 MB; at 1/6
            // it is ~9 MB (18 MB less resident after 250 cells), for more young collections of
            // little that survives (docs/benchmarks.md).
            "-XX:NewRatio=5",
            // Lets the one full collection at the end of the warm-up (WarmUpHeapReturn) shrink
            // the heap at once; by default the first shrink is 0 %, the next 10 %, 40 %, 100 %.
            "-XX:-ShrinkHeapInSteps",
            // C2 starts five times later than by default (C1 as by default). At start-up C2 spent
            // 0.3-0.4 s of CPU on javac's methods, made hot by the default imports, while the
            // imports and the first cell waited for a core on a 2-core machine. javac no longer
            // reaches C2 at all (COMPILER_DIRECTIVES), but with the default thresholds the start
            // still took ~5 % longer (docs/benchmarks.md, variant E). Code that runs hot still
            // reaches C2 within milliseconds (25,000 calls, or 200,000 loop iterations).
            "-XX:Tier4InvocationThreshold=25000",
            "-XX:Tier4MinInvocationThreshold=3000",
            "-XX:Tier4CompileThreshold=75000",
            "-XX:Tier4BackEdgeThreshold=200000");

    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain <connection-file>   (Jupyter passes {connection_file})");
            System.exit(2);
        }
        List<String> executorCommand;
        try {
            executorCommand = executorCommand(true);
        } catch (IllegalStateException | UncheckedIOException e) {
            System.err.println("conclab kernel: " + e.getMessage());
            System.exit(1);
            return;
        }
        // The executor JVM starts first: the first cell waits for it (its JVM, JShell and the
        // imports take longer than this kernel's start), not for the sockets bound below.
        EarlyEvents executorEvents = new EarlyEvents();
        ExecutorSupervisor executor = new ExecutorSupervisor(executorCommand, executorEvents);
        ObjectMapper json = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        ConnectionInfo connection;
        try {
            connection = ConnectionInfo.read(Path.of(args[0]), json);
        } catch (InvalidConnectionFileException e) {
            System.err.println("conclab kernel: " + e.getMessage());
            executor.close();
            System.exit(1);
            return;
        }
        KernelServer server;
        try {
            server = new KernelServer(connection, json, executor, executorEvents);
        } catch (IOException | RuntimeException e) {
            executor.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "conclab-stop-on-signal"));
        handleSigint(server);
        exitWithParent(server);
        server.run();
        System.exit(0);
    }

    /**
     * The executor runs on this kernel's JDK with a class path of its own, the jars in the
     * {@code executor} folder beside the kernel jar: none of the kernel's libraries (Jackson,
     * JeroMQ) is visible to a cell, so {@code %maven} can give a notebook any version of them.
     */
    static List<String> executorCommand(boolean withArchive) {
        Path folder = executorFolder();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = System.getenv().getOrDefault("CONCLAB_EXECUTOR_OPTS", DEFAULT_EXECUTOR_OPTIONS);
        for (String option : options.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        Path directives = folder.resolve(COMPILER_DIRECTIVES);
        if (Files.isRegularFile(directives)) {
            command.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:CompilerDirectivesFile=" + directives));
        }
        // The classes the executor loads to start (javac, JShell, the runtime), archived by
        // install.sh (ExecutorArchive): mapped instead of loaded, parsed and verified at each start.
        // An archive made by another JDK or for other jars is ignored, and the logs are off so
        // that no notice of it reaches a notebook.
        Path archive = folder.resolve(EXECUTOR_ARCHIVE);
        if (withArchive && Files.isRegularFile(archive)) {
            command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            command.addAll(MemoryOptions.archivesShared(Runtime.version()));
        }
        command.addAll(MemoryOptions.nativeHeapTrimmed(Runtime.version()));
        // The executor jar is also its Java agent (ExecutorAgent), which routes the output of pool
        // tasks to the cell that submitted them.
        command.add("-javaagent:" + folder.resolve(EXECUTOR_JAR));
        // CompilerUpkeep reaches into JShell's compiler, which has no API for what it does.
        command.add("--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED");
        command.add("-cp");
        command.add(executorClassPath(folder));
        command.add("dev.conclab.executor.ExecutorMain");
        return command;
    }

    /** The executor's jars, sorted so that the class path is the same at every start. */
    private static String executorClassPath(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar"))
                    .map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the executor's jars in " + folder, e);
        }
    }

    /** Where install.sh and the build put the executor: {@code executor/} beside the kernel jar. */
    private static Path executorFolder() {
        Path location;
        try {
            location = Path.of(KernelMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where the kernel jar is (" + e + "); run the installed kernel", e);
        }
        Path folder = location.resolveSibling(EXECUTOR_FOLDER);
        if (!Files.isRegularFile(folder.resolve(EXECUTOR_JAR))) {
            throw new IllegalStateException(folder.resolve(EXECUTOR_JAR) + " is missing: the executor is installed beside the"
                    + " kernel jar; build with 'mvn package' and reinstall with install.sh");
        }
        return folder;
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
