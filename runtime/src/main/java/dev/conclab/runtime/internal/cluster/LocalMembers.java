package dev.conclab.runtime.internal.cluster;

import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.internal.processes.ChildJvms;
import dev.conclab.runtime.internal.processes.ChildLimit;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The member JVMs of a cluster a cell starts on this machine: children of the executor as
 * {@code Processes} starts them (counted against the child limit, ended by {@code Cells.stop} and
 * with the kernel, since each watches its parent), on 127.0.0.1 only, each with a small heap.
 * What a member prints outside any task streams into the cell that started it, labelled.
 */
public final class LocalMembers {
    /** Small: three members and the kernel's JVMs share the machine with other notebooks. */
    private static final String MEMBER_HEAP = "-Xmx128m";
    private final Map<String, Process> members = new LinkedHashMap<>();
    private final List<String> addresses = new ArrayList<>();

    private LocalMembers() {}

    /** Starts {@code count} members of {@code clusterName}; they find each other by their ports. */
    public static LocalMembers start(String clusterName, int count) {
        LocalMembers started = new LocalMembers();
        List<Integer> ports = freePorts(count);
        String all = ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        // The CP subsystem (lock, semaphore, counter) needs three members for Raft; with fewer it runs unsafe.
        int cpMembers = count >= 3 ? 3 : 0;
        String classPath = classPath();
        try {
            for (int i = 0; i < count; i++) {
                ChildLimit.checkRoomForOneMore();
                String name = "member-" + i;
                List<String> command = new ArrayList<>(List.of(ChildJvms.javaBinary(), "-XX:+UseSerialGC", MEMBER_HEAP,
                        "-XX:TieredStopAtLevel=1", "-cp", classPath, ClusterEngine.MEMBER_MAIN, name, ClusterEngine.NAME_FROM_ENVIRONMENT,
                        String.valueOf(ports.get(i)), all, String.valueOf(cpMembers),
                        String.valueOf(ProcessHandle.current().pid())));
                if (Runtime.version().feature() >= 23) {
                    // Hazelcast 5.4 uses sun.misc.Unsafe, which JDK 24+ warns of on stderr, into the cell.
                    command.add(1, "--sun-misc-unsafe-memory-access=allow");
                }
                // The cluster's name is its only password (Hazelcast's open-source members check it at
                // every join and client connection): handed over in the environment, which only this
                // user can read (/proc/PID/environ), never on the command line, which anyone's ps shows.
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().put(ClusterEngine.NAME_VARIABLE, clusterName);
                Process process = builder.start();
                ChildJvms.noteStartedByCell(process);
                started.members.put(name, process);
                started.addresses.add("127.0.0.1:" + ports.get(i));
                pump(name, process.getInputStream(), NotebookRuntime.out());
                pump(name, process.getErrorStream(), NotebookRuntime.err());
            }
        } catch (IOException | RuntimeException e) {
            started.stop();
            throw e instanceof RuntimeException runtime ? runtime : new UncheckedIOException("cannot start a cluster member", (IOException) e);
        }
        return started;
    }

    public List<String> addresses() {
        return addresses;
    }

    public List<String> names() {
        return List.copyOf(members.keySet());
    }

    /** The member that has ended, with its exit code, or null while all run. */
    public String ended() {
        for (Map.Entry<String, Process> member : members.entrySet()) {
            if (!member.getValue().isAlive()) {
                return member.getKey() + " (exit code " + member.getValue().exitValue() + ")";
            }
        }
        return null;
    }

    /** Calls {@code listener} when any member's JVM ends. */
    public void onEnd(Runnable listener) {
        members.values().forEach(process -> process.onExit().thenRun(listener));
    }

    /** Ends member {@code name} at once (SIGKILL), as a crashed machine would. */
    public void kill(String name) {
        Process process = members.get(name);
        if (process == null) {
            throw new IllegalArgumentException("no member named \"" + name + "\"; the members started here are " + names());
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends every member: asks first, then kills those still running after a few seconds. */
    public void stop() {
        members.values().forEach(Process::destroy);
        for (Process process : members.values()) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The executor's class path (the runtime and what {@code %maven} added) and the engine's jars;
     * not the cells' classes: the tasks bring those, as they do to members started elsewhere.
     */
    private static String classPath() {
        List<String> parts = new ArrayList<>(List.of(System.getProperty("java.class.path")));
        String extra = System.getProperty(ChildJvms.EXTRA_CLASS_PATH_PROPERTY, "");
        if (!extra.isEmpty()) {
            parts.add(extra);
        }
        EngineLoader.jars().stream().map(Path::toString).forEach(parts::add);
        return String.join(File.pathSeparator, parts);
    }

    private static List<Integer> freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports for the cluster's members", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Free already.
                }
            }
        }
    }

    /** Copies a member's own output (not its tasks': those come through the cluster) into the starting cell. */
    private static void pump(String name, InputStream from, PrintStream to) {
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    to.println("[" + name + "] " + line);
                }
            } catch (IOException e) {
                // The member ended.
            }
        }, "conclab-" + name + "-output");
        pump.setDaemon(true);
        pump.start();
    }
}
