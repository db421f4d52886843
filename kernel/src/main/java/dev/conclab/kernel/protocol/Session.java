package dev.conclab.kernel.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conclab.kernel.wire.MalformedMessageException;
import dev.conclab.kernel.wire.MessageIds;
import dev.conclab.kernel.wire.ReplayGuard;
import dev.conclab.kernel.wire.Signer;
import dev.conclab.kernel.wire.WireMessage;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The kernel's side of a Jupyter session: one constant session id, a fresh msg_id per message,
 * dates with a time zone and at most microseconds (clients parse no finer), and received messages
 * checked (size, signature, replay) before any of their JSON is parsed.
 */
public final class Session {
    public static final String PROTOCOL_VERSION = "5.4";
    private static final byte[] EMPTY_OBJECT = {'{', '}'};
    /** Requests are small (code, a cursor); 16 MiB of JSON is far beyond any real one. */
    static final int MAX_JSON_BYTES = 16 << 20;

    private final String sessionId = UUID.randomUUID().toString();
    private final ObjectMapper json;
    private final Signer signer;
    private final ReplayGuard replays = new ReplayGuard();

    public Session(ObjectMapper json, Signer signer) {
        this.json = json;
        this.signer = signer;
    }

    public ObjectMapper json() {
        return json;
    }

    /**
     * Checks a received message and parses it: size first (cheap), then the signature over the raw
     * frames, then that the signature was not seen before, and only then the JSON.
     */
    public Message read(WireMessage wire) throws MalformedMessageException {
        if (wire.jsonBytes() > MAX_JSON_BYTES) {
            throw new MalformedMessageException(MessageIds.peek(wire.header()),
                    "oversized: " + wire.jsonBytes() + " bytes of JSON, at most " + MAX_JSON_BYTES);
        }
        if (!wire.verifiedBy(signer)) {
            throw new MalformedMessageException(MessageIds.peek(wire.header()),
                    wire.signature().length == 0 ? "unsigned, but the connection file sets a key" : "bad signature");
        }
        if (signer.enabled() && !replays.firstSeen(wire.signature())) {
            throw new MalformedMessageException(MessageIds.peek(wire.header()), "replayed (its signature was seen before)");
        }
        try {
            JsonNode header = json.readTree(wire.header());
            if (header == null || !header.isObject() || !header.path("msg_type").isTextual()) {
                throw new MalformedMessageException(MessageIds.peek(wire.header()), "header is not an object with a msg_type");
            }
            return new Message(wire.identities(), header, json.readTree(wire.parentHeader()),
                    json.readTree(wire.metadata()), json.readTree(wire.content()), wire.buffers());
        } catch (IOException e) {
            throw new MalformedMessageException(MessageIds.peek(wire.header()), "not JSON in UTF-8: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    /** A new message of type {@code msgType} caused by {@code parentHeader} (null for none). */
    public WireMessage create(String msgType, JsonNode parentHeader, Object content, List<byte[]> identities) {
        ObjectNode header = json.createObjectNode()
                .put("msg_id", UUID.randomUUID().toString())
                .put("session", sessionId)
                .put("username", "kernel")
                .put("date", Instant.now().truncatedTo(ChronoUnit.MICROS).toString())
                .put("msg_type", msgType)
                .put("version", PROTOCOL_VERSION);
        try {
            return WireMessage.signed(signer, identities, json.writeValueAsBytes(header),
                    parentHeader == null ? EMPTY_OBJECT : json.writeValueAsBytes(parentHeader), EMPTY_OBJECT,
                    json.writeValueAsBytes(content), List.of());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + msgType + " content as JSON", e);
        }
    }

    /** The reply to {@code request} on the socket it came from. */
    public WireMessage reply(Message request, String msgType, Object content) {
        return create(msgType, request.header(), content, request.identities());
    }
}
