package dev.conclab.kernel.execution;

import dev.conclab.kernel.channel.ChannelConnection;
import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.kernel.channel.PrivateDirectory;
import dev.conclab.kernel.channel.ToExecutor;
import dev.conclab.kernel.debug.DebugPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One executor JVM and the channel to it. It starts the JVM, forwards what the executor reports,
 * hands each answer to the request with its id, and turns the JVM's death into an error for every
 * request that was waiting.
 */
final class ExecutorProcess {
    private final Process process;
    private final PrivateDirectory directory;
    private final DebugPort debugPort;

    private volatile ChannelConnection<FromExecutor, ToExecutor> channel;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    /** Completes once the channel is open: the executor queues what it gets before it is ready. */
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Integer> exited;
    /** Where the JVM's crash report was kept once the JVM had ended, or null when it wrote none. */
    private final CompletableFuture<Path> crashReport;
    private volatile String exitCall;
    /** The status {@code Runtime.halt} was called with, once the executor said so; the kernel then ended the JVM. */
    private volatile Integer haltStatus;
    /** Whether this kernel ended the JVM while it ran (a restart, a stop, an interrupt past the grace). */
    private volatile boolean endedByKernel;
    private final PendingAnswers pending = new PendingAnswers();

    private ExecutorProcess(Process process, PrivateDirectory directory, DebugPort debugPort, CompletableFuture<Path> crashReport) {
        this.process = process;
        this.debugPort = debugPort;
        this.directory = directory;
        this.crashReport = crashReport;
        this.exited = process.onExit().thenApply(Process::exitValue);
    }

    /**
     * Starts an executor JVM with {@code command} (the channel's socket path is appended) and
     * returns at once; the JVM connects, and takes requests while JShell gets its imports.
     * {@code progress} hears how far the running cell got (its code started, what an interrupt found).
     */
    static ExecutorProcess start(List<String> command, ExecutorEvents events, Consumer<FromExecutor> progress) throws IOException {
        PrivateDirectory directory = PrivateDirectory.create();
        Path socketPath = directory.socket();
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketPath));
        List<String> full = new ArrayList<>(command);
        // A JVM crash report goes to the private directory, not into the notebook's folder nor
        // straight into the temporary directory: HotSpot writes it readable by every user (0644),
        // and it holds the command line, the environment and the notebook's memory.
        full.add(1, "-XX:ErrorFile=" + directory.path().resolve("conclab-executor-crash-%p.log"));
        // The JDWP agent, asleep until a debug session wakes it; then it dials the kernel.
        DebugPort debugPort = DebugPort.enabled() ? DebugPort.open() : null;
        if (debugPort != null) {
            full.add(1, debugPort.agentOption());
            full.add(1, "-D" + ToExecutor.StartDebugging.DEBUGGABLE_PROPERTY + "=true");
        }
        full.add(socketPath.toString());
        Process process;
        try {
            process = new ProcessBuilder(full).start();
        } catch (IOException e) {
            closeQuietly(server);
            closeQuietly(debugPort);
            throw new IOException("the executor JVM did not start (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
        // If the JVM dies before it connects, closing the server ends the wait for it. The
        // directory also holds the executor's cell classes; it goes with the JVM, however it ends.
        CompletableFuture<Path> crashReport = new CompletableFuture<>();
        process.onExit().thenRun(() -> {
            closeQuietly(server);
            closeQuietly(debugPort);
            try {
                crashReport.complete(keepCrashReport(directory.path().resolve("conclab-executor-crash-" + process.pid() + ".log")));
            } finally {
                crashReport.complete(null);
                directory.delete();
            }
        });
        ExecutorProcess executor = new ExecutorProcess(process, directory, debugPort, crashReport);
        daemon("conclab-executor-reader", () -> executor.connectAndRead(server, directory, events, progress));
        daemon("conclab-executor-stdout", () -> pump(new DirectivesNotice(process.getInputStream()), "stdout", events));
        daemon("conclab-executor-stderr", () -> pump(process.getErrorStream(), "stderr", events));
        return executor;
    }

    /** Whether the executor has connected and warmed up. */
    boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** The Java version the executor runs, once it is ready; fails if it dies first. */
    String awaitReady() throws ExecutorDied {
        try {
            return ready.get();
        } catch (ExecutionException e) {
            throw new ExecutorDied(deathReport());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutorDied("interrupted while waiting for the executor to start");
        }
    }

    /**
     * Waits until the executor has connected, or until {@code cancelled} completes first; returns
     * whether it is connected. Fails if the executor dies first. A cell sent then waits in the
     * executor while JShell gets its imports, so it runs the moment they are in, ahead of the
     * warm-up, and its sending costs nothing after Ready.
     */
    boolean awaitConnectedUnless(CompletableFuture<?> cancelled) throws ExecutorDied {
        try {
            CompletableFuture.anyOf(connected, cancelled).get();
        } catch (ExecutionException e) {
            // The executor died before it connected: deathReport says how.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutorDied("interrupted while waiting for the executor to start");
        }
        if (cancelled.isDone()) {
            return false;
        }
        if (connected.isCompletedExceptionally()) {
            throw new ExecutorDied(deathReport());
        }
        return true;
    }

    /** Sends a request and waits for its answer: the answer with the request's id. */
    FromExecutor.Answer request(ToExecutor.Request request) throws ExecutorDied {
        awaitReady();
        return answer(request, send(request));
    }

    /** Sends a request to the connected executor; {@link #answer} waits for what it answers. */
    CompletableFuture<FromExecutor.Answer> send(ToExecutor.Request request) throws ExecutorDied {
        // Registered before it is sent: the answer may come before send returns.
        CompletableFuture<FromExecutor.Answer> answer = pending.register(request.requestId());
        if (answer.isCompletedExceptionally()) {
            throw new ExecutorDied(deathReport());
        }
        try {
            channel.send(request);
            return answer;
        } catch (IOException e) {
            pending.forget(request.requestId(), answer);
            throw new ExecutorDied(deathReport());
        }
    }

    /** Waits for the answer to {@code request}, which {@link #send} sent. */
    FromExecutor.Answer answer(ToExecutor.Request request, CompletableFuture<FromExecutor.Answer> answer) throws ExecutorDied {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw new ExecutorDied(deathReport());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.forget(request.requestId(), answer);
            throw new ExecutorDied("interrupted while waiting for the executor");
        }
    }

    /** Sends a message that has no answer (an interrupt, a line of input). */
    void tell(ToExecutor message) {
        ChannelConnection<FromExecutor, ToExecutor> connected = channel;
        if (connected == null) {
            return;
        }
        try {
            connected.send(message);
        } catch (IOException e) {
            // The executor is gone; the request waiting on it reports that.
        }
    }

    /**
     * Wakes the executor's JDWP agent and returns its connection to the kernel, once the kernel
     * checked it comes from this JVM; waits at most {@code within} in all. The agent dials only
     * once in a JVM's life.
     */
    Socket connectDebugger(Duration within) throws IOException, ExecutorDied {
        if (debugPort == null) {
            throw new IOException("the debugger is switched off: the kernel runs without -Dconclab.debugger=on"
                    + "; pick the kernel \"Java (Concurrency Lab, debugger)\", conclab-java-debug, which install.sh installs beside this one");
        }
        long deadline = System.nanoTime() + within.toNanos();
        // Connected, not ready: the executor wakes its agent as soon as it reads the request,
        // while JShell still gets its imports (the wait for Ready was most of an attach's time).
        try {
            connected.get(within.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new ExecutorDied(deathReport());
        } catch (TimeoutException e) {
            throw new IOException("the Java process did not start within " + within.toSeconds()
                    + " s (the machine may be very busy); attach again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the Java process to start");
        }
        tell(new ToExecutor.StartDebugging());
        return debugPort.accept(process.toHandle(), Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }

    /** Kills the executor JVM and every process it started. */
    void kill() {
        if (process.isAlive()) {
            endedByKernel = true;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        ChannelConnection<FromExecutor, ToExecutor> connected = channel;
        if (connected != null) {
            closeQuietly(connected);
        }
    }

    /**
     * Waits until the JVM is gone, and its directory with it: the kernel may exit next, before
     * the exit callback that also deletes the directory has run.
     */
    void awaitExit() {
        exited.join();
        directory.delete();
    }

    private void connectAndRead(ServerSocketChannel server, PrivateDirectory directory, ExecutorEvents events,
                                Consumer<FromExecutor> progress) {
        try {
            try (server) {
                channel = new ChannelConnection<>(server.accept(), FromExecutor.class);
                connected.complete(null);
            } finally {
                Files.deleteIfExists(directory.socket());
            }
            while (true) {
                FromExecutor event = channel.receive();
                if (event instanceof FromExecutor.Ready r) {
                    ready.complete(r.javaVersion());
                } else if (event instanceof FromExecutor.ExitCalled exit) {
                    exitCall = exit.where();
                } else if (event instanceof FromExecutor.Halting halting) {
                    // The JVM would take 300 ms or more to halt (HotSpot waits for its threads in
                    // native code, and the channel's reader always is): ending it here lets the
                    // cell's error and the next JVM come that much sooner. Its output came first.
                    haltStatus = halting.status();
                    kill();
                } else if (event instanceof FromExecutor.CodeStarted || event instanceof FromExecutor.InterruptFound
                        || event instanceof FromExecutor.SnippetClasses) {
                    progress.accept(event);
                } else if (event instanceof FromExecutor.Answer answer) {
                    pending.complete(answer);
                } else {
                    events.output(event);
                }
            }
        } catch (IOException e) {
            // End of the channel: the JVM is exiting. Its exit code says why, unless it halted or
            // this kernel ended it: then the cause is known, and its exit is not waited for.
            if (haltStatus == null && !endedByKernel) {
                exited.join();
            }
            IllegalStateException death = new IllegalStateException("executor ended");
            connected.completeExceptionally(death);
            ready.completeExceptionally(death);
            pending.failAll(death);
        }
    }

    /** What ended the JVM, in words for the person whose cell it was. */
    String deathReport() {
        Integer halted = haltStatus;
        if (halted != null) {
            return "Runtime.halt(" + halted + ") was called (exit code " + halted + "), which ended the Java process";
        }
        if (endedByKernel) {
            // Not waited for: a killed JVM takes up to ~0.1 s to be gone, and the cause is known.
            return "the kernel ended the Java process";
        }
        int code = exited.join();
        String call = exitCall;
        if (call != null) {
            return call + " (exit code " + code + "), which ended the Java process";
        }
        if (code == 3) {
            return "the Java process ran out of memory (heap or native threads) and ended";
        }
        Path report = crashReport.join();
        if (report != null) {
            return "the Java process crashed (exit code " + code + "); the JVM's report is in " + report;
        }
        if (code > 128) {
            return "the Java process was killed by signal " + (code - 128);
        }
        return "the Java process ended with exit code " + code + " (Runtime.halt or a crash)";
    }

    /** Moves a crash report out of the directory that goes with the JVM, into a new one only this user can read. */
    private static Path keepCrashReport(Path report) {
        if (!Files.exists(report)) {
            return null;
        }
        try {
            Path kept = Files.createTempDirectory("conclab-crash-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return Files.move(report, kept.resolve(report.getFileName()));
        } catch (IOException e) {
            return null;
        }
    }

    private static void pump(InputStream from, String stream, ExecutorEvents events) {
        // A reader decodes across reads, so a character split between two reads stays whole.
        try (Reader reader = new InputStreamReader(from, StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            int read;
            while ((read = reader.read(buffer)) > 0) {
                events.rawOutput(stream, new String(buffer, 0, read));
            }
        } catch (IOException e) {
            // The process closed its end: nothing more to forward.
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // Already closed or broken: either way it is closed now.
        }
    }
}
