package dev.conclab.kernel;

import dev.conclab.kernel.channel.ChannelConnection;
import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.kernel.channel.PrivateDirectory;
import dev.conclab.kernel.channel.ToExecutor;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes the executor's class-data archive ({@code executor/executor.jsa}), as install.sh runs it:
 * starts an executor exactly as the kernel does, lets it warm up and run a few cells, and closes
 * the channel, on which the executor halts and the JVM writes every class it loaded (javac,
 * JShell, the runtime) into a dynamic archive ({@code -XX:ArchiveClassesAtExit}). Executors that
 * map it start in a fraction of the time; without it they start all the same, only slower.
 */
public final class ExecutorArchive {
    /** Cells a notebook's first minutes run: their classes join the archive. */
    private static final List<String> CELLS = List.of(
            "1+1", "int x = 1;", "System.out.println(\"x = \" + x);",
            "var pool = Executors.newFixedThreadPool(2); pool.submit(() -> x).get()",
            "pool.shutdown();");
    private static final long TIMEOUT_SECONDS = 300;

    private ExecutorArchive() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ExecutorArchive <archive-file>   (install.sh runs it)");
            System.exit(2);
        }
        Path archive = Path.of(args[0]).toAbsolutePath();
        Files.deleteIfExists(archive);
        List<String> command = new ArrayList<>(KernelMain.executorCommand(false));
        // Without the Java agent: while an agent can transform classes, the JVM archives none of
        // them. The kernel's executors map the archive with the agent all the same.
        command.removeIf(option -> option.startsWith("-javaagent:"));
        command.add(1, "-XX:ArchiveClassesAtExit=" + archive);
        // The agent's own classes are archived all the same: that executor loads them (AgentClasses).
        command.add(1, "-D" + ToExecutor.ARCHIVE_RUN_PROPERTY + "=true");
        PrivateDirectory directory = PrivateDirectory.create();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(directory.socket()));
            command.add(directory.socket().toString());
            Process process = new ProcessBuilder(command).inheritIO().start();
            try (ChannelConnection<FromExecutor, ToExecutor> channel = new ChannelConnection<>(server.accept(), FromExecutor.class)) {
                awaitAnswer(channel, null);
                int count = 0;
                for (String code : CELLS) {
                    String id = "archive-" + ++count;
                    channel.send(new ToExecutor.Execute(id, count, code, false));
                    awaitAnswer(channel, id);
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the executor did not end within " + TIMEOUT_SECONDS + " s of its channel closing");
            }
        } finally {
            directory.delete();
        }
        if (!Files.isRegularFile(archive)) {
            System.err.println("the executor wrote no archive to " + archive + " (its output above says why)");
            System.exit(1);
        }
    }

    /** Reads until the executor is ready ({@code id} null) or has answered cell {@code id}. */
    private static void awaitAnswer(ChannelConnection<FromExecutor, ToExecutor> channel, String id) throws IOException {
        while (true) {
            FromExecutor event = channel.receive();
            if (id == null && event instanceof FromExecutor.Ready) {
                return;
            }
            if (event instanceof FromExecutor.ExecuteDone done && done.cellId().equals(id)) {
                if (!(done.outcome() instanceof FromExecutor.Succeeded)) {
                    throw new IllegalStateException("the archive's warm-up cell " + id + " failed: " + done.outcome());
                }
                return;
            }
        }
    }
}
