package dev.conclab.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that runs a real kernel with a connected {@link JupyterTestClient}, for a
 * whole test class or for each test, and closes both afterwards.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RunningKernel running = RunningKernel.perClass().warmUp("1");
 * </pre>
 */
public final class RunningKernel implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final boolean perTest;
    private final boolean ownProcessGroup;
    private final String warmUp;
    private final List<String> jvmOptions;
    private KernelProcess kernel;
    private JupyterTestClient client;

    private RunningKernel(boolean perTest, boolean ownProcessGroup, String warmUp) {
        this(perTest, ownProcessGroup, warmUp, List.of());
    }

    private RunningKernel(boolean perTest, boolean ownProcessGroup, String warmUp, List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.perTest = perTest;
        this.ownProcessGroup = ownProcessGroup;
        this.warmUp = warmUp;
    }

    /**
     * One kernel for all tests of the class. Register it on a static field: JUnit calls the
     * class-level callbacks only of extensions in static fields.
     */
    public static RunningKernel perClass() {
        return new RunningKernel(false, false, null);
    }

    /** A fresh kernel for each test. */
    public static RunningKernel perTest() {
        return new RunningKernel(true, false, null);
    }

    /** Starts the kernel as the leader of its own process group, so that a test can signal the group. */
    public RunningKernel inOwnProcessGroup() {
        return new RunningKernel(perTest, true, warmUp);
    }

    /** Runs {@code code} once the client is connected and asserts that it ends "ok", with the kernel's log as the message. */
    public RunningKernel warmUp(String code) {
        return new RunningKernel(perTest, ownProcessGroup, code, jvmOptions);
    }

    /** Starts the kernel JVM with these options too (not with {@link #inOwnProcessGroup}). */
    public RunningKernel withJvmOptions(String... options) {
        return new RunningKernel(perTest, ownProcessGroup, warmUp, List.of(options));
    }

    public KernelProcess kernel() {
        requireRunning();
        return kernel;
    }

    public JupyterTestClient client() {
        requireRunning();
        return client;
    }

    /** The kernel's output so far, for assertion messages. */
    public String log() {
        return kernel().log();
    }

    private void requireRunning() {
        if (kernel == null) {
            throw new IllegalStateException("no kernel is running: a perClass() RunningKernel must be in a static field");
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!perTest) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!perTest) {
            stop();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (perTest) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (perTest) {
            stop();
        }
    }

    private void start() throws Exception {
        kernel = ownProcessGroup ? KernelProcess.startInOwnProcessGroup() : KernelProcess.start(jvmOptions);
        client = new JupyterTestClient(kernel);
        if (warmUp != null) {
            assertEquals("ok", client.runFirst(warmUp).status(), kernel.log());
        }
    }

    private void stop() throws InterruptedException {
        // JUnit calls this even when start() failed part way, so either may be missing.
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (kernel != null) {
                kernel.close();
            }
            client = null;
            kernel = null;
        }
    }
}
