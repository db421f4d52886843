package dev.conclab.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The iopub socket: broadcasts status and output to every client, and welcomes each new
 * subscriber with {@code iopub_welcome} so it knows it will miss nothing from then on.
 */
public final class Publisher {
    private final Session session;
    private SocketLoop loop;

    public Publisher(Session session) {
        this.session = session;
    }

    /** Binds to the loop that owns the XPUB socket; done once, at start-up. */
    public void attach(SocketLoop loop) {
        this.loop = loop;
    }

    /** Publishes a message caused by the request with header {@code parent}. */
    public void publish(String msgType, JsonNode parent, Object content) {
        loop.send(session.create(msgType, parent, content, List.of(topic(msgType))).frames());
    }

    public void status(JsonNode parent, String state) {
        publish("status", parent, new Replies.Status(state));
    }

    /** Handles a frame read from the XPUB socket: a subscription (first byte 1) gets a welcome. */
    public void subscriptionChanged(List<byte[]> frames) {
        byte[] event = frames.get(0);
        if (event.length > 0 && event[0] == 1) {
            String topic = new String(event, 1, event.length - 1, StandardCharsets.UTF_8);
            loop.send(session.create("iopub_welcome", null, Map.of("subscription", topic), List.of(event.length > 1
                    ? topic.getBytes(StandardCharsets.UTF_8) : "kernel.welcome".getBytes(StandardCharsets.UTF_8))).frames());
        }
    }

    private static byte[] topic(String msgType) {
        return ("kernel." + msgType).getBytes(StandardCharsets.UTF_8);
    }
}
