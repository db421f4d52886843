package dev.conclab.kernel.debug;

import com.sun.jdi.ThreadReference;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The notebook threads stopped for the client (by a breakpoint, a step or a pause), why each
 * stopped, and which a suspend-all stopped together; the {@code stopped} and {@code continued}
 * events that say so. Each stop is one suspension, undone by one resume.
 */
final class StoppedThreads {
    private final DebugEvents events;
    private final Supplier<List<ThreadReference>> notebook;
    private final LongFunction<ThreadReference> byId;
    private final Set<Long> stopped = ConcurrentHashMap.newKeySet();
    /** Why each stopped thread stopped (breakpoint, step, pause): said again when it is shown again. */
    private final Map<Long, String> reasons = new ConcurrentHashMap<>();
    /** The threads one suspend-all stopped together: a continue of any of them lets all of them go. */
    private final Set<Long> together = ConcurrentHashMap.newKeySet();

    /** {@code notebook} lists the notebook's threads; {@code byId} finds a thread (IllegalArgumentException if none). */
    StoppedThreads(DebugEvents events, Supplier<List<ThreadReference>> notebook, LongFunction<ThreadReference> byId) {
        this.events = events;
        this.notebook = notebook;
        this.byId = byId;
    }

    Set<Long> ids() {
        return Set.copyOf(stopped);
    }

    boolean contains(long id) {
        return stopped.contains(id);
    }

    /**
     * Stops {@code thread} (suspended already) for the client; with {@code all} (suspend-all),
     * every other notebook thread too, the way DAP's allThreadsStopped means it. Only the
     * notebook's threads: the executor's own (its channel, the cell thread) keep answering.
     */
    void stoppedAt(ThreadReference thread, String reason, boolean all) {
        stopped.add(thread.uniqueID());
        reasons.put(thread.uniqueID(), reason);
        if (all) {
            together.add(thread.uniqueID());
            for (ThreadReference other : notebook.get()) {
                if (!stopped.contains(other.uniqueID())) {
                    other.suspend();
                    stopped.add(other.uniqueID());
                    reasons.put(other.uniqueID(), reason);
                    together.add(other.uniqueID());
                }
            }
        }
        events.send("stopped", Map.of("reason", reason, "threadId", thread.uniqueID(), "allThreadsStopped", all));
    }

    /**
     * Lets a stopped thread go (continue): one resume for the one suspension of its breakpoint,
     * step or pause. Not until its count is 0: a step's event may suspend it again at once, and a
     * second resume would let it run past the step. A thread a suspend-all stopped goes with all
     * the others it stopped.
     */
    void resume(ThreadReference thread) {
        if (together.remove(thread.uniqueID())) {
            for (long other : Set.copyOf(together)) {
                together.remove(other);
                if (stopped.contains(other)) {
                    resumeOnce(byId.apply(other));
                }
            }
            resumeOnce(thread);
            events.send("continued", Map.of("threadId", thread.uniqueID(), "allThreadsContinued", true));
            return;
        }
        resumeOnce(thread);
        events.send("continued", Map.of("threadId", thread.uniqueID(), "allThreadsContinued", false));
        showAnotherStopped();
    }

    /** A step lets only its thread move: the others a suspend-all stopped stay stopped. */
    void stepping(ThreadReference thread) {
        resumeOnce(thread);
        events.send("continued", Map.of("threadId", thread.uniqueID(), "allThreadsContinued", false));
    }

    /** Lets every stopped thread go, each by one resume (a continue that names no stopped thread). */
    void resumeStopped() {
        Set<Long> all = Set.copyOf(stopped);
        together.clear();
        for (long id : all) {
            resumeOnce(byId.apply(id));
        }
        for (long id : all) {
            events.send("continued", Map.of("threadId", id, "allThreadsContinued", true));
            return;
        }
    }

    /**
     * JupyterLab shows one stopped thread, the one of the latest {@code stopped} event, and forgets
     * it on continue: another thread still stopped is said stopped again, so that the person
     * sees it next (after a pause of every thread, each continue shows the next one).
     */
    private void showAnotherStopped() {
        for (long other : stopped) {
            events.send("stopped", Map.of("reason", reasons.getOrDefault(other, "pause"), "threadId", other,
                    "allThreadsStopped", false));
            return;
        }
    }

    /**
     * Pauses the thread {@code threadId}. An id that names no notebook thread (JupyterLab's pause
     * sends 1 when no thread is stopped) pauses every notebook thread, and one of them is shown;
     * each continue then shows the next ({@link #showAnotherStopped}).
     */
    void pause(long threadId) {
        List<ThreadReference> threads = notebook.get();
        for (ThreadReference thread : threads) {
            if (thread.uniqueID() == threadId) {
                pause(thread);
                return;
            }
        }
        if (threads.isEmpty()) {
            throw new IllegalArgumentException("no notebook thread is running: there is nothing to pause");
        }
        ThreadReference shown = null;
        for (ThreadReference thread : threads) {
            if (stopped.add(thread.uniqueID())) {
                thread.suspend();
                reasons.put(thread.uniqueID(), "pause");
                shown = shown == null ? thread : shown;
            }
        }
        if (shown != null) {
            events.send("stopped", Map.of("reason", "pause", "threadId", shown.uniqueID(), "allThreadsStopped", true));
        }
    }

    private void pause(ThreadReference thread) {
        if (stopped.contains(thread.uniqueID())) {
            // Stopped already: one more suspension would outlast the continue.
            events.send("stopped", Map.of("reason", reasons.getOrDefault(thread.uniqueID(), "pause"), "threadId",
                    thread.uniqueID(), "allThreadsStopped", false));
            return;
        }
        thread.suspend();
        stoppedAt(thread, "pause", false);
    }

    /** Resumes a thread whatever its suspensions (before an interrupt, at the session's end). */
    void resumeFully(ThreadReference thread) {
        forget(thread);
        while (thread.suspendCount() > 0) {
            thread.resume();
        }
    }

    /** Nothing is stopped any more (every thread resumed, or the Java process ended). */
    void clear() {
        stopped.clear();
        reasons.clear();
        together.clear();
    }

    private void resumeOnce(ThreadReference thread) {
        forget(thread);
        if (thread.suspendCount() > 0) {
            thread.resume();
        }
    }

    private void forget(ThreadReference thread) {
        stopped.remove(thread.uniqueID());
        reasons.remove(thread.uniqueID());
    }
}
