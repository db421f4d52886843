package dev.conclab.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireMessageTest {
    private static final String HEADER = "{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}";
    /** HMAC-SHA256 of the four parts below with key "secret", computed with Python's hmac module. */
    private static final String GOLDEN_SIGNATURE = "0fca6e189cdcc0095e523565e0900c86cd24e5e0bfab2105ab98d33a07a29a4e";

    private static List<byte[]> goldenFrames(String signature) {
        return List.of(bytes("client-id"), bytes("<IDS|MSG>"), bytes(signature), bytes(HEADER), bytes("{}"), bytes("{}"), bytes("{}"), bytes("buffer"));
    }

    @Test
    void decodesGoldenFramesIntoTheirParts() throws Exception {
        WireMessage message = WireMessage.decode(goldenFrames(GOLDEN_SIGNATURE));
        assertEquals(1, message.identities().size());
        assertArrayEquals(bytes("client-id"), message.identities().get(0));
        assertArrayEquals(bytes(HEADER), message.header());
        assertEquals(1, message.buffers().size());
        assertTrue(message.verifiedBy(new Signer("secret")));
    }

    @Test
    void signsExactlyAsThePythonReference() {
        WireMessage signed = WireMessage.signed(new Signer("secret"), List.of(bytes("client-id")), bytes(HEADER),
                bytes("{}"), bytes("{}"), bytes("{}"), List.of(bytes("buffer")));
        List<byte[]> frames = signed.frames();
        List<byte[]> golden = goldenFrames(GOLDEN_SIGNATURE);
        assertEquals(golden.size(), frames.size());
        for (int i = 0; i < golden.size(); i++) {
            assertArrayEquals(golden.get(i), frames.get(i), "frame " + i);
        }
    }

    @Test
    void rejectsWrongSignaturesAndAcceptsAnyWhenUnsigned() throws Exception {
        String wrong = GOLDEN_SIGNATURE.substring(1) + "0";
        WireMessage tampered = WireMessage.decode(goldenFrames(wrong));
        assertFalse(tampered.verifiedBy(new Signer("secret")));
        assertFalse(WireMessage.decode(goldenFrames("")).verifiedBy(new Signer("secret")), "unsigned when a key is set");
        assertTrue(tampered.verifiedBy(new Signer("")), "no key, no check");
    }

    @Test
    void rejectsFramesThatAreNotAMessage() {
        assertThrows(MalformedMessageException.class, () -> WireMessage.decode(List.of(bytes("just one frame"))));
        List<byte[]> truncated = new ArrayList<>(goldenFrames(GOLDEN_SIGNATURE).subList(0, 5));
        MalformedMessageException error = assertThrows(MalformedMessageException.class, () -> WireMessage.decode(truncated));
        assertTrue(error.getMessage().contains("truncated"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
