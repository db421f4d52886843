package dev.conclab.kernel.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.kernel.execution.ExecutorEvents;
import dev.conclab.kernel.protocol.Message;
import dev.conclab.kernel.protocol.Publisher;
import dev.conclab.kernel.protocol.Replies;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes what cells output under the request that ran them, so that each line lands in the
 * cell that caused it, also after that cell has finished.
 */
public final class CellOutputs implements ExecutorEvents {
    /** How many finished cells can still receive output from threads they started. */
    private static final int CELLS_REMEMBERED = 10_000;

    /** Asks the client that ran a cell for input. */
    public interface InputAsker {
        void ask(Message request, String prompt);
    }

    private final Publisher iopub;
    private final ObjectMapper json;
    private final InputAsker inputAsker;
    private final Map<String, Message> requests = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Message> eldest) {
            return size() > CELLS_REMEMBERED;
        }
    };
    private volatile Message latest;

    public CellOutputs(Publisher iopub, ObjectMapper json, InputAsker inputAsker) {
        this.iopub = iopub;
        this.json = json;
        this.inputAsker = inputAsker;
    }

    /** Registers the execute request of a cell that starts now. */
    public synchronized void cellStarted(Message request) {
        requests.put(request.msgId(), request);
        latest = request;
    }

    @Override
    public void output(FromExecutor event) {
        if (event instanceof FromExecutor.StreamText text) {
            publish(text.cellId(), "stream", new Replies.Stream(text.stream(), text.text()));
        } else if (event instanceof FromExecutor.DisplayData display) {
            Map<String, Object> transientData = display.displayId() == null ? Map.of() : Map.of("display_id", display.displayId());
            publish(display.cellId(), display.update() ? "update_display_data" : "display_data",
                    new Replies.DisplayData(bundle(display.data()), Map.of(), transientData));
        } else if (event instanceof FromExecutor.ClearOutput clear) {
            publish(clear.cellId(), "clear_output", new Replies.ClearOutput(clear.waitForNext()));
        } else if (event instanceof FromExecutor.InputRequest input) {
            Message request = requestOf(input.cellId());
            if (request != null) {
                inputAsker.ask(request, input.prompt());
            }
        }
    }

    @Override
    public void rawOutput(String stream, String text) {
        Message request = latest;
        if (request != null) {
            iopub.publish("stream", request.header(), new Replies.Stream(stream, text));
        } else {
            System.err.print(text);
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

    private void publish(String cellId, String msgType, Object content) {
        Message request = requestOf(cellId);
        JsonNode parent = request != null ? request.header() : latest != null ? latest.header() : null;
        iopub.publish(msgType, parent, content);
    }

    private synchronized Message requestOf(String cellId) {
        return requests.get(cellId);
    }
}
