package dev.conclab.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conclab.kernel.wire.MalformedMessageException;
import dev.conclab.kernel.wire.Signer;
import dev.conclab.kernel.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzes what the kernel does first with bytes from a socket: split the frames, check size,
 * signature and replay, parse the JSON. Whatever arrives, the answer is a message or a
 * {@link MalformedMessageException}, never another exception, a hang or a message whose signed
 * parts were changed. The number of tries is {@code jqwik.tries.default}
 * (junit-platform.properties; the benchmark run raises it to a million).
 */
class ReceivedFramesFuzzTest {
    private static final String KEY = "fuzzing-key";
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private final Signer signer = new Signer(KEY);

    @Property
    void anyFramesAreReadOrRefused(@ForAll("anyFrames") List<byte[]> frames) {
        readOrRefuse(new Session(new ObjectMapper(), signer), frames);
        readOrRefuse(new Session(new ObjectMapper(), new Signer("")), frames);
    }

    @Property
    void anyJsonUnderAValidSignatureIsReadOrRefused(@ForAll("jsonish") String header, @ForAll("jsonish") String content) {
        List<byte[]> frames = signedFrames(header.getBytes(StandardCharsets.UTF_8), content.getBytes(StandardCharsets.UTF_8));
        readOrRefuse(new Session(new ObjectMapper(), signer), frames);
    }

    @Property
    void aChangedSignedPartIsNeverAccepted(@ForAll @IntRange(min = 2, max = 5) int part, @ForAll @IntRange(min = 0, max = 200) int at,
                                          @ForAll byte flip) {
        List<byte[]> frames = signedFrames(header("execute_request"), "{\"code\":\"1+1\"}".getBytes(StandardCharsets.UTF_8));
        byte[] changed = frames.get(part).clone();
        if (changed.length == 0 || flip == 0) {
            return;
        }
        changed[at % changed.length] ^= flip;
        frames.set(part, changed);
        Session session = new Session(new ObjectMapper(), signer);
        assertThrows(MalformedMessageException.class, () -> session.read(WireMessage.decode(frames)));
    }

    @Property(tries = 50)
    void aValidMessageIsReadOnceAndItsReplayRefused(@ForAll("jsonText") String code) throws Exception {
        Session session = new Session(new ObjectMapper(), signer);
        byte[] content = new ObjectMapper().createObjectNode().put("code", code).toString().getBytes(StandardCharsets.UTF_8);
        List<byte[]> frames = signedFrames(header("execute_request"), content);
        Message message = session.read(WireMessage.decode(frames));
        assertEquals(code, message.content().path("code").asText());
        assertArrayEquals(content, new ObjectMapper().writeValueAsBytes(message.content()));
        MalformedMessageException replay = assertThrows(MalformedMessageException.class, () -> session.read(WireMessage.decode(frames)));
        assertEquals(true, replay.getMessage().contains("replayed"), replay.getMessage());
    }

    private static void readOrRefuse(Session session, List<byte[]> frames) {
        try {
            session.read(WireMessage.decode(frames));
        } catch (MalformedMessageException refused) {
            // The one allowed way to say no.
        }
    }

    private List<byte[]> signedFrames(byte[] header, byte[] content) {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        WireMessage wire = WireMessage.signed(signer, List.of("client".getBytes(StandardCharsets.UTF_8)), header, empty, empty, content, List.of());
        return new ArrayList<>(wire.frames());
    }

    private static byte[] header(String msgType) {
        return ("{\"msg_id\":\"m1\",\"session\":\"s\",\"username\":\"u\",\"date\":\"2026-12-02T00:00:00Z\",\"msg_type\":\""
                + msgType + "\",\"version\":\"5.4\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Random frames, and valid messages with a frame inserted, replaced, removed or cut off. */
    @Provide
    Arbitrary<List<byte[]>> anyFrames() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> frame = Arbitraries.oneOf(random, Arbitraries.just(DELIMITER), Arbitraries.just(new byte[0]),
                Arbitraries.just(new byte[] {'{', '}'}), Arbitraries.just(new byte[] {(byte) 0xC3, (byte) 0x28}));
        Arbitrary<List<byte[]>> noise = frame.list().ofMaxSize(12);
        Arbitrary<List<byte[]>> broken = Combinators.combine(Arbitraries.integers().between(0, 8), frame, Arbitraries.integers().between(0, 3))
                .as(this::brokenMessage);
        return Arbitraries.oneOf(noise, broken);
    }

    private List<byte[]> brokenMessage(int at, byte[] frame, int how) {
        List<byte[]> frames = signedFrames(header("execute_request"), "{\"code\":\"1+1\"}".getBytes(StandardCharsets.UTF_8));
        int index = Math.min(at, frames.size() - 1);
        switch (how) {
            case 0 -> frames.add(index, frame);
            case 1 -> frames.set(index, frame);
            case 2 -> frames.remove(index);
            default -> frames.subList(index, frames.size()).clear();
        }
        return frames;
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"msg_type\"", "\"msg_id\"", "\"code\"",
                "\"x\"", "1", "-0.5e309", "true", "null", "\"\\u0000\"", "\"\\ud800\"", "\u00ff", "\ufffd", " ", "\"");
        return Combinators.combine(fragments.list().ofMaxSize(40), Arbitraries.strings().ofMaxLength(20))
                .as((parts, noise) -> String.join("", parts) + noise);
    }

    @Provide
    Arbitrary<String> jsonText() {
        return Arbitraries.strings().ofMaxLength(200);
    }
}
