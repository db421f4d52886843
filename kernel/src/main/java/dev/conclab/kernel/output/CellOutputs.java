package dev.conclab.kernel.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.kernel.execution.ExecutorEvents;
import dev.conclab.kernel.protocol.Message;
import dev.conclab.kernel.protocol.Publisher;
import dev.conclab.kernel.protocol.Replies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes what cells output under the request that ran them, so that each line lands in the
 * cell that caused it, also after that cell has finished; keeps the rate below iopub's limits
 * and holds back floods in a file.
 */
public final class CellOutputs implements ExecutorEvents {
    /** How many finished cells can still receive output from threads they started. */
    private static final int CELLS_REMEMBERED = 10_000;
    /** How much text one cell shows per run; the rest goes to a file (see {@link HeldBackOutput}). */
    static final long SHOWN_CHARS_PER_CELL = 2_000_000;

    /** Asks the client that ran a cell for input. */
    public interface InputAsker {
        void ask(Message request, String prompt);
    }

    /** A cell known to the kernel: its request (the parent of its output) and its number. */
    private record KnownCell(Message request, int executionCount) {}

    private final Publisher iopub;
    private final ObjectMapper json;
    private final InputAsker inputAsker;
    private final IopubRate rate = new IopubRate();
    private final Path heldBackDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private final Map<String, KnownCell> cells = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KnownCell> eldest) {
            return size() > CELLS_REMEMBERED;
        }
    };
    private final Map<String, Long> shownChars = new HashMap<>();
    private final Map<String, HeldBackOutput> heldBack = new HashMap<>();
    private volatile KnownCell latest;
    /** Also hears the stream text cells show (the debugger's output events). */
    private volatile java.util.function.BiConsumer<String, String> streamWatcher = (stream, text) -> { };

    public CellOutputs(Publisher iopub, ObjectMapper json, InputAsker inputAsker) {
        this.iopub = iopub;
        this.json = json;
        this.inputAsker = inputAsker;
    }

    /** {@code watcher} hears each text a cell shows (stream, text), after its cell. */
    public void watchStreams(java.util.function.BiConsumer<String, String> watcher) {
        streamWatcher = watcher;
    }

    /** Registers the execute request of a cell that starts now. */
    public synchronized void cellStarted(Message request, int executionCount) {
        KnownCell cell = new KnownCell(request, executionCount);
        cells.put(request.msgId(), cell);
        latest = cell;
    }

    /**
     * Called when a cell's code has finished: says what was held back, and resets the cell's
     * allowance for threads that go on writing into it.
     */
    public void cellFinished(Message request) {
        HeldBackOutput held;
        synchronized (this) {
            shownChars.remove(request.msgId());
            held = heldBack.remove(request.msgId());
        }
        if (held != null) {
            held.close();
            iopub.publish("stream", request.header(), new Replies.Stream("stderr", held.notice()));
        }
    }

    @Override
    public void output(FromExecutor event) {
        if (event instanceof FromExecutor.StreamText text) {
            stream(cellOf(text.cellId()), text.stream(), text.text());
        } else if (event instanceof FromExecutor.DisplayData display) {
            Map<String, Object> transientData = display.displayId() == null ? Map.of() : Map.of("display_id", display.displayId());
            publish(display.cellId(), display.update() ? "update_display_data" : "display_data",
                    new Replies.DisplayData(bundle(display.data()), Map.of(), transientData));
        } else if (event instanceof FromExecutor.ClearOutput clear) {
            publish(clear.cellId(), "clear_output", new Replies.ClearOutput(clear.waitForNext()));
        } else if (event instanceof FromExecutor.InputRequest input) {
            KnownCell cell = cellOf(input.cellId());
            if (cell != null) {
                inputAsker.ask(cell.request(), input.prompt());
            }
        }
    }

    @Override
    public void rawOutput(String stream, String text) {
        if (latest == null) {
            System.err.print(text);
        } else {
            stream(latest, stream, text);
        }
    }

    /** A MIME bundle as JSON: JSON types are embedded as documents, everything else as text. */
    public ObjectNode bundle(Map<String, String> data) {
        ObjectNode node = json.createObjectNode();
        data.forEach((mime, value) -> {
            if (mime.equals("application/json") || mime.endsWith("+json")) {
                try {
                    node.set(mime, json.readTree(value));
                    return;
                } catch (IOException e) {
                    // Not valid JSON after all: show it as the text it is.
                }
            }
            node.put(mime, value);
        });
        return node;
    }

    /** Publishes a cell's text within the iopub rate, up to its allowance; holds back the rest. */
    private void stream(KnownCell known, String stream, String text) {
        KnownCell cell = known != null ? known : latest;
        if (cell == null) {
            return;
        }
        String id = cell.request().msgId();
        synchronized (this) {
            HeldBackOutput held = heldBack.get(id);
            long shown = shownChars.getOrDefault(id, 0L);
            if (held == null && shown + text.length() > SHOWN_CHARS_PER_CELL) {
                held = new HeldBackOutput(heldBackDirectory, cell.executionCount());
                heldBack.put(id, held);
            }
            if (held != null) {
                held.write(text);
                return;
            }
            shownChars.put(id, shown + text.length());
        }
        rate.acquire(text.length());
        iopub.publish("stream", cell.request().header(), new Replies.Stream(stream, text));
        // After the hold-back: a flood held in a file does not reach the debug console either.
        streamWatcher.accept(stream, text);
    }

    private void publish(String cellId, String msgType, Object content) {
        KnownCell cell = cellOf(cellId);
        KnownCell parent = cell != null ? cell : latest;
        rate.acquire(0);
        iopub.publish(msgType, parent == null ? null : parent.request().header(), content);
    }

    private synchronized KnownCell cellOf(String cellId) {
        return cells.get(cellId);
    }
}
