package dev.conclab.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A received Jupyter message, its JSON parts parsed. The header stays as JSON because replies copy
 * it verbatim into their {@code parent_header}.
 */
public record Message(List<byte[]> identities, JsonNode header, JsonNode parentHeader, JsonNode metadata,
                      JsonNode content, List<byte[]> buffers) {

    public String msgType() {
        return header.path("msg_type").asText("");
    }

    public String msgId() {
        return header.path("msg_id").asText("");
    }
}
