package dev.conclab.kernel.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads the msg_id of a message that is being refused, only to name it in the log: nothing else
 * of an unchecked header is used. Bounded in the bytes it reads and in what it returns, and
 * stripped of control characters, so a hostile header cannot flood or forge log lines.
 */
public final class MessageIds {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_ID_CHARS = 100;

    private MessageIds() {}

    /** The header's msg_id, quoted, or why there is none. */
    public static String peek(byte[] header) {
        if (header.length > MAX_HEADER_BYTES) {
            return "(msg_id unread: header of " + header.length + " bytes)";
        }
        try (JsonParser parser = JSON.createParser(header)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return "(no msg_id: header is not a JSON object)";
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("msg_id") && value == JsonToken.VALUE_STRING) {
                    return clean(parser.getText());
                }
                parser.skipChildren();
            }
            return "(no msg_id in the header)";
        } catch (IOException e) {
            return "(no msg_id: header is not valid JSON)";
        }
    }

    private static String clean(String id) {
        String printable = id.codePoints().filter(c -> !Character.isISOControl(c))
                .limit(MAX_ID_CHARS).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return '"' + printable + '"';
    }
}
