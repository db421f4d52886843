package dev.conclab.runtime.timeline;

import dev.conclab.runtime.display.MimeBundle;
import dev.conclab.runtime.display.RichDisplay;
import dev.conclab.runtime.internal.cells.NotebookThreads;
import dev.conclab.runtime.threads.Task;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Who blocked whom: every monitor enter, {@code wait()}, park and (JDK 21+) virtual-thread pinning of
 * the notebook's threads while it records, from the JDK's Flight Recorder event stream, with the
 * lock's class and the thread that held it. Unlike the timeline's 5 ms sampler it sees waits of any
 * length. A monitor's holder is in the JDK's event; a {@code java.util.concurrent} lock's owner is not,
 * and {@link ParkOwners} looks it up while the park lasts (parks under ~1 ms may go without one).
 * Shows itself as a table: per lock, how long threads waited and who held it.
 *
 * <pre>{@code
 * Contention.record(() -> {
 *     var a = Threads.start("A", () -> { synchronized (lock) { work(); } });
 *     var b = Threads.start("B", () -> { synchronized (lock) { work(); } });
 *     Threads.joinAll(a, b);
 * })
 * }</pre>
 */
public final class Contention implements RichDisplay {
    private static final String[] EVENTS = {"jdk.JavaMonitorEnter", "jdk.JavaMonitorWait", "jdk.ThreadPark"};
    private static final String PINNED = "jdk.VirtualThreadPinned";
    /** JDK 17 has no {@code RecordingStream.stop()}; there the last events arrive with the next flush. */
    private static final Method STOP = stopMethod();
    private static final long LAST_FLUSH_WAIT_MILLIS = 3000;

    private final RecordingStream stream;
    private final List<BlockedSpan> spans = new ArrayList<>();
    private final ParkOwners owners = new ParkOwners();
    private final CountDownLatch endSeen = new CountDownLatch(1);
    private final CountDownLatch flushedAfterEnd = new CountDownLatch(1);
    private boolean stopped;

    private Contention() {
        JfrRepository.makePrivate();
        stream = new RecordingStream();
        for (String event : EVENTS) {
            stream.enable(event).withThreshold(Duration.ZERO).withoutStackTrace();
        }
        stream.onEvent(EVENTS[0], event -> add(event, BlockedSpan.Kind.MONITOR_ENTER, "monitorClass", "previousOwner"));
        stream.onEvent(EVENTS[1], event -> add(event, BlockedSpan.Kind.MONITOR_WAIT, "monitorClass", "notifier"));
        stream.onEvent(EVENTS[2], event -> add(event, BlockedSpan.Kind.PARK, "parkedClass", null));
        if (Runtime.version().feature() >= 21) {
            stream.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace(); // where it pinned: the only clue
            stream.onEvent(PINNED, event -> add(event, BlockedSpan.Kind.PINNED, null, null));
        }
        stream.enable(EndMark.class).withThreshold(Duration.ZERO);
        stream.onEvent("dev.conclab.ContentionEnd", event -> {
            if (event.getInt("recording") == System.identityHashCode(this)) {
                endSeen.countDown();
            }
        });
        stream.onFlush(() -> {
            if (endSeen.getCount() == 0) {
                flushedAfterEnd.countDown();
            }
        });
        stream.setReuse(false);
        stream.startAsync();
    }

    /** Starts recording; call {@link #stop()} when the experiment is over. */
    public static Contention start() {
        return new Contention();
    }

    /** Records while {@code experiment} runs, and returns the report (a cell's final value shows it). */
    public static Contention record(Task experiment) throws Exception {
        Contention contention = start();
        try {
            experiment.run();
        } finally {
            contention.stop();
        }
        return contention;
    }

    /**
     * Stops recording once the events up to now have arrived, and ends the stream's thread. On
     * JDK 20+ the stream flushes at once; on JDK 17 this waits for the stream's next flush (up to ~1 s).
     */
    public Contention stop() {
        synchronized (this) {
            if (stopped) {
                return this;
            }
            stopped = true;
        }
        // JDK 25's RecordingStream.stop() clears the caller's interrupt; an interrupted cell must
        // still see it when the recording has stopped.
        boolean interrupted = Thread.currentThread().isInterrupted();
        try {
            if (STOP != null) {
                STOP.invoke(stream);
            } else {
                awaitNextFlush();
            }
        } catch (ReflectiveOperationException e) {
            awaitNextFlush();
        } finally {
            stream.close();
            awaitStreamThreadEnd();
            owners.stop(); // after the stream: the last park events still ask it who held their lock
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return this;
    }

    /** The spans seen, in the order their waits began. */
    public synchronized List<BlockedSpan> spans() {
        List<BlockedSpan> sorted = new ArrayList<>(spans);
        sorted.sort(java.util.Comparator.comparing(BlockedSpan::start));
        return sorted;
    }

    @Override
    public MimeBundle toMimeBundle() {
        List<BlockedSpan> all = spans();
        return MimeBundle.of("text/html", ContentionTable.html(all), ContentionTable.text(all));
    }

    /** Waits (up to the stream's next flush, about 1 s) until the end mark and all before it arrived. */
    private void awaitNextFlush() {
        EndMark mark = new EndMark();
        mark.recording = System.identityHashCode(this);
        mark.commit();
        try {
            flushedAfterEnd.await(LAST_FLUSH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the cell was interrupted: stop with what arrived
        }
    }

    /** close() only asks the stream's thread to end; a cell that ends leaves no thread of ours behind. */
    private void awaitStreamThreadEnd() {
        try {
            stream.awaitTermination(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void add(RecordedEvent event, BlockedSpan.Kind kind, String lockField, String holderField) {
        RecordedThread waiter = event.getThread();
        if (waiter == null || !isNotebooks(waiter)) {
            return;
        }
        String lock = "?";
        RecordedClass type = null;
        if (lockField != null && event.hasField(lockField)) {
            type = event.getValue(lockField);
            // A class a cell declared is REPL.$JShell$25$Counter to the JVM; the reader wrote Counter.
            lock = type == null ? "?" : type.getName().replaceFirst("^REPL\\.\\$JShell\\$\\d+\\$", "");
        } else if (kind == BlockedSpan.Kind.PINNED && event.getStackTrace() != null && !event.getStackTrace().getFrames().isEmpty()) {
            var frame = event.getStackTrace().getFrames().get(0).getMethod();
            lock = frame.getType().getName() + "." + frame.getName();
        }
        String holder = null;
        if (holderField != null && event.hasField(holderField)) {
            RecordedThread owner = event.getValue(holderField);
            holder = owner == null ? null : owner.getJavaName();
        } else if (kind == BlockedSpan.Kind.PARK && type != null) {
            holder = owners.ownerDuring(waiter.getJavaThreadId(), type.getName(), event.getStartTime(), event.getDuration().toNanos());
        }
        BlockedSpan span = new BlockedSpan(waiter.getJavaThreadId(), waiter.getJavaName(), kind, lock, holder,
                event.getStartTime(), event.getDuration().toNanos());
        synchronized (this) {
            spans.add(span);
        }
    }

    /**
     * A notebook thread that is still alive is known by its group; one that has ended by the time its
     * event arrives is kept unless it is one of the runtime's or the JDK's own threads.
     */
    private static boolean isNotebooks(RecordedThread recorded) {
        String name = recorded.getJavaName();
        if (name == null || name.startsWith("conclab-")) {
            return false;
        }
        for (Thread thread : Timeline.liveThreads()) {
            if (thread.getId() == recorded.getJavaThreadId()) {
                return NotebookThreads.isNotebooks(thread);
            }
        }
        return recorded.getThreadGroup() != null && !"system".equals(recorded.getThreadGroup().getName())
                && !"InnocuousThreadGroup".equals(recorded.getThreadGroup().getName());
    }

    private static Method stopMethod() {
        try {
            return RecordingStream.class.getMethod("stop");
        } catch (NoSuchMethodException e) {
            return null; // JDK 17-19
        }
    }
}
