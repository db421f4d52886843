package dev.conclab.executor;

import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.OutputSink;
import dev.conclab.runtime.internal.cells.StreamName;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Collects the text cells write and sends it to the kernel in batches: every 50 ms, or sooner
 * when a batch grows large. Rich outputs and clears go out in order with the text around them.
 *
 * <p>A writer that outpaces the channel waits for it, so a flood slows the flooding thread
 * instead of growing memory or dropping lines.
 */
final class BatchingSink implements OutputSink {
    static final long FLUSH_EVERY_MILLIS = 50;
    static final int FLUSH_AT_CHARS = 64 * 1024;

    /** One pending batch: text of one cell on one stream. */
    private record Key(String cellId, StreamName stream) {}

    /** What calls the timer's flush: a daemon thread every 50 ms in the executor, the test by hand in a unit test. */
    interface Ticker {
        void every(long millis, Runnable tick);
    }

    private final Consumer<FromExecutor> channel;
    private final Map<Key, StringBuilder> pending = new LinkedHashMap<>();
    private final Set<Key> heldBack = new HashSet<>();
    private int pendingChars;

    BatchingSink(KernelLink channel) {
        this(channel::send, BatchingSink::onFlusherThread);
    }

    /** A sink that sends its records to {@code channel}, its timer's flush called by {@code ticker}. */
    BatchingSink(Consumer<FromExecutor> channel, Ticker ticker) {
        this.channel = channel;
        ticker.every(FLUSH_EVERY_MILLIS, this::flushWholeLines);
    }

    private static void onFlusherThread(long millis, Runnable tick) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "conclab-output-flusher");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void write(Cell cell, StreamName stream, String text) {
        sendOtherStreamOf(cell, stream);
        pending.computeIfAbsent(new Key(cell.id(), stream), key -> new StringBuilder()).append(text);
        pendingChars += text.length();
        if (pendingChars >= FLUSH_AT_CHARS) {
            flush();
        }
    }

    @Override
    public synchronized void display(Cell cell, Map<String, String> data, String displayId, boolean update) {
        flush();
        channel.accept(new FromExecutor.DisplayData(cell.id(), data, displayId, update));
    }

    @Override
    public synchronized void clear(Cell cell, boolean wait) {
        flush();
        channel.accept(new FromExecutor.ClearOutput(cell.id(), wait));
    }

    /** Sends everything pending now; the end of a cell calls this before it reports. */
    synchronized void flush() {
        send(false);
    }

    /**
     * The timer's flush: a line still being written stays back one tick, so that a line is not
     * cut in two just because the timer fired between its text and its line break.
     */
    private synchronized void flushWholeLines() {
        send(true);
    }

    /**
     * A cell's stdout and stderr reach the notebook in the order they were written, as on a
     * terminal: a thread's stack trace stands before the line its joiner printed after it.
     */
    private void sendOtherStreamOf(Cell cell, StreamName stream) {
        var batches = pending.entrySet().iterator();
        while (batches.hasNext()) {
            Map.Entry<Key, StringBuilder> batch = batches.next();
            Key key = batch.getKey();
            if (key.cellId().equals(cell.id()) && key.stream() != stream) {
                channel.accept(new FromExecutor.StreamText(key.cellId(), key.stream().wireName(), batch.getValue().toString()));
                pendingChars -= batch.getValue().length();
                batches.remove();
                heldBack.remove(key);
            }
        }
    }

    private void send(boolean holdFreshPartialLines) {
        if (pending.isEmpty()) {
            return;
        }
        var batches = pending.entrySet().iterator();
        while (batches.hasNext()) {
            Map.Entry<Key, StringBuilder> batch = batches.next();
            StringBuilder text = batch.getValue();
            int end = text.length();
            if (holdFreshPartialLines && text.charAt(end - 1) != '\n' && !heldBack.remove(batch.getKey())) {
                end = text.lastIndexOf("\n") + 1;
                heldBack.add(batch.getKey());
            }
            if (end > 0) {
                Key key = batch.getKey();
                channel.accept(new FromExecutor.StreamText(key.cellId(), key.stream().wireName(), text.substring(0, end)));
                text.delete(0, end);
                pendingChars -= end;
            }
            if (text.length() == 0) {
                batches.remove();
                heldBack.remove(batch.getKey());
            }
        }
    }
}
