package dev.conclab.executor;

import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.runtime.display.MimeBundle;
import dev.conclab.runtime.output.Cell;
import dev.conclab.runtime.output.OutputSink;
import dev.conclab.runtime.output.StreamName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Collects the text cells write and sends it to the kernel in batches: every 50 ms, or sooner
 * when a batch grows large. Rich outputs and clears go out in order with the text around them.
 *
 * <p>A writer that outpaces the channel waits for it, so a flood slows the flooding thread
 * instead of growing memory or dropping lines.
 */
final class BatchingSink implements OutputSink {
    static final long FLUSH_EVERY_MILLIS = 50;
    private static final int FLUSH_AT_CHARS = 64 * 1024;

    /** One pending batch: text of one cell on one stream. */
    private record Key(String cellId, StreamName stream) {}

    private final KernelLink channel;
    private final Map<Key, StringBuilder> pending = new LinkedHashMap<>();
    private int pendingChars;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "conclab-output-flusher");
        thread.setDaemon(true);
        return thread;
    });

    BatchingSink(KernelLink channel) {
        this.channel = channel;
        timer.scheduleWithFixedDelay(this::flush, FLUSH_EVERY_MILLIS, FLUSH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void write(Cell cell, StreamName stream, String text) {
        pending.computeIfAbsent(new Key(cell.id(), stream), key -> new StringBuilder()).append(text);
        pendingChars += text.length();
        if (pendingChars >= FLUSH_AT_CHARS) {
            flush();
        }
    }

    @Override
    public synchronized void display(Cell cell, MimeBundle bundle, String displayId, boolean update) {
        flush();
        channel.send(new FromExecutor.DisplayData(cell.id(), bundle.data(), displayId, update));
    }

    @Override
    public synchronized void clear(Cell cell, boolean wait) {
        flush();
        channel.send(new FromExecutor.ClearOutput(cell.id(), wait));
    }

    /** Sends everything pending now; the end of a cell calls this before it reports. */
    synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        for (Map.Entry<Key, StringBuilder> batch : pending.entrySet()) {
            Key key = batch.getKey();
            channel.send(new FromExecutor.StreamText(key.cellId(), key.stream().wireName(), batch.getValue().toString()));
        }
        pending.clear();
        pendingChars = 0;
    }
}
