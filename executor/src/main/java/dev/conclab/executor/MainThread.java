package dev.conclab.executor;

import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The thread that runs the notebook's code: named "main", in a thread group named "main", as a
 * program's code runs under {@code java}, so that tutorials that print the current thread, or
 * tell {@code main} from their workers, print what the book shows. One thread serves every cell,
 * as a program has one main thread; when a stop kills it (JDK 17), the next snippet gets a new one.
 *
 * <p>The cell thread hands each snippet's code over and waits; while it waits it does the work
 * other threads need from it ({@link CellThreadQueue}).
 */
final class MainThread {
    /** How often a waiting cell thread checks that the main thread is still alive. */
    private static final long ALIVE_CHECK_MILLIS = 100;

    private final ThreadGroup group;
    private final String name;
    private final CellRouting routing;
    private final CellThreadQueue cellThreadWork;
    private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final Object userCodeLock = new Object();
    private Thread userCodeThread;
    /** A stop that came while no user code ran: the next snippet does not start. */
    private boolean stopPending;
    private Thread thread;
    private volatile boolean closed;

    /** {@code name} is "main" for the notebook's; another for a JShell the notebook does not see. */
    MainThread(ThreadGroup group, String name, CellRouting routing, CellThreadQueue cellThreadWork) {
        this.group = group;
        this.name = name;
        this.routing = routing;
        this.cellThreadWork = cellThreadWork;
    }

    /** The code of one snippet, and what became of it. */
    private final class Job {
        private final Method code;
        private final Cell cell;
        private volatile boolean done;
        private Object value;
        private Throwable thrown;

        Job(Method code, Cell cell) {
            this.code = code;
            this.cell = cell;
        }

        void run() {
            routing.bind(cell);
            try {
                synchronized (userCodeLock) {
                    if (stopPending) {
                        stopPending = false;
                        throw new ThreadDeath();
                    }
                    userCodeThread = Thread.currentThread();
                }
                try {
                    value = code.invoke(null);
                } finally {
                    synchronized (userCodeLock) {
                        userCodeThread = null;
                    }
                }
            } catch (Throwable t) {
                thrown = t;
            } finally {
                routing.bind(null);
                // Each snippet starts with the interrupt status clear, as each did under JShell.
                Thread.interrupted();
                finish();
            }
        }

        void finish() {
            done = true;
            cellThreadWork.wakeUp();
        }
    }

    /**
     * Runs {@code code} (a static method without parameters) on the main thread, on behalf of the
     * calling thread's cell, and returns its value; what it throws comes back wrapped in an
     * {@link InvocationTargetException}, as from {@link Method#invoke}.
     */
    Object run(Method code) throws Exception {
        Job job = new Job(code, routing.boundCell());
        Thread main = ensureStarted();
        jobs.add(job);
        while (!job.done) {
            cellThreadWork.serve(ALIVE_CHECK_MILLIS);
            if (!job.done && !main.isAlive()) {
                job.thrown = new InvocationTargetException(new ThreadDeath());
                job.done = true;
            }
        }
        if (job.thrown instanceof Exception exception) {
            throw exception;
        }
        if (job.thrown != null) {
            throw new InvocationTargetException(job.thrown);
        }
        return job.value;
    }

    /**
     * Stops the snippet running now with {@code stopper}, or, when none runs (the stop came just
     * before the cell's next snippet), keeps that snippet from starting. Both happen under the
     * lock the snippet starts and ends under, so that no stop is lost between two snippets.
     */
    @SuppressWarnings("removal")
    void stopUserCode(java.util.function.Consumer<Thread> stopper) {
        synchronized (userCodeLock) {
            if (userCodeThread != null) {
                stopper.accept(userCodeThread);
            } else {
                stopPending = true;
            }
        }
    }

    /** A new cell starts: a stop meant for an earlier one is forgotten. */
    void forgetPendingStop() {
        synchronized (userCodeLock) {
            stopPending = false;
        }
    }

    /** Whether the calling thread is this main thread. */
    boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    /** Ends the main thread once it is idle; for a JShell that is closed. */
    void close() {
        closed = true;
        Thread main = thread;
        if (main != null) {
            main.interrupt();
        }
    }

    private Thread ensureStarted() {
        if (thread == null || !thread.isAlive()) {
            thread = new Thread(group, this::serve, name);
            thread.setPriority(Thread.NORM_PRIORITY);
            thread.start();
        }
        return thread;
    }

    private void serve() {
        while (true) {
            Job job = null;
            try {
                job = jobs.take();
                job.run();
            } catch (InterruptedException e) {
                // Closed, or a stop that arrived as a snippet ended.
                if (closed) {
                    return;
                }
            } catch (Throwable stray) {
                // A stop that arrived just as a snippet ended: the snippet counts as stopped.
                if (job != null && !job.done) {
                    job.thrown = new InvocationTargetException(stray);
                    job.finish();
                }
            }
        }
    }
}
