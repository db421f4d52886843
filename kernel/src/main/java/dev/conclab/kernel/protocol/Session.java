package dev.conclab.kernel.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conclab.kernel.wire.MalformedMessageException;
import dev.conclab.kernel.wire.Signer;
import dev.conclab.kernel.wire.WireMessage;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The kernel's side of a Jupyter session: one constant session id, a fresh msg_id per message,
 * dates with a time zone and at most microseconds (clients parse no finer), and signatures checked before any JSON is parsed.
 */
public final class Session {
    public static final String PROTOCOL_VERSION = "5.4";
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private final String sessionId = UUID.randomUUID().toString();
    private final ObjectMapper json;
    private final Signer signer;

    public Session(ObjectMapper json, Signer signer) {
        this.json = json;
        this.signer = signer;
    }

    public ObjectMapper json() {
        return json;
    }

    /** Verifies, then parses, a received message. */
    public Message read(WireMessage wire) throws MalformedMessageException {
        if (!wire.verifiedBy(signer)) {
            throw new MalformedMessageException("bad signature");
        }
        try {
            JsonNode header = json.readTree(wire.header());
            if (header == null || !header.isObject() || !header.path("msg_type").isTextual()) {
                throw new MalformedMessageException("header is not an object with a msg_type");
            }
            return new Message(wire.identities(), header, json.readTree(wire.parentHeader()),
                    json.readTree(wire.metadata()), json.readTree(wire.content()), wire.buffers());
        } catch (IOException e) {
            throw new MalformedMessageException("invalid JSON: " + e.getMessage());
        }
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
