package dev.conclab.kernel.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Jupyter message as ZeroMQ frames: routing identities, the {@code <IDS|MSG>} delimiter, the
 * signature, the four JSON parts (still bytes, so the signature is checked on exactly what came),
 * and any binary buffers.
 */
public record WireMessage(List<byte[]> identities, byte[] signature, byte[] header, byte[] parentHeader,
                          byte[] metadata, byte[] content, List<byte[]> buffers) {
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    public WireMessage {
        identities = List.copyOf(identities);
        buffers = List.copyOf(buffers);
    }

    /** Splits received frames; fails on anything that is not a whole Jupyter message. */
    public static WireMessage decode(List<byte[]> frames) throws MalformedMessageException {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            throw new MalformedMessageException("no <IDS|MSG> delimiter among " + frames.size() + " frames");
        }
        if (frames.size() < delimiter + 6) {
            String msgId = frames.size() > delimiter + 2 ? MessageIds.peek(frames.get(delimiter + 2)) : "(no header)";
            throw new MalformedMessageException(msgId, "truncated: " + (frames.size() - delimiter - 1)
                    + " frames after the delimiter, at least 5 needed");
        }
        return new WireMessage(frames.subList(0, delimiter), frames.get(delimiter + 1), frames.get(delimiter + 2),
                frames.get(delimiter + 3), frames.get(delimiter + 4), frames.get(delimiter + 5),
                frames.subList(delimiter + 6, frames.size()));
    }

    /** Builds the message to send, signed with {@code signer}. */
    public static WireMessage signed(Signer signer, List<byte[]> identities, byte[] header, byte[] parentHeader,
                                     byte[] metadata, byte[] content, List<byte[]> buffers) {
        String signature = signer.sign(List.of(header, parentHeader, metadata, content));
        return new WireMessage(identities, signature.getBytes(StandardCharsets.US_ASCII), header, parentHeader,
                metadata, content, buffers);
    }

    /** Whether the signature matches the JSON parts as received. */
    public boolean verifiedBy(Signer signer) {
        return signer.verify(signature, signedFrames());
    }

    /** The size of the four JSON parts, which a receiver parses. */
    public long jsonBytes() {
        return (long) header.length + parentHeader.length + metadata.length + content.length;
    }

    /** The frames to send, in order. */
    public List<byte[]> frames() {
        List<byte[]> frames = new ArrayList<>(identities.size() + 6 + buffers.size());
        frames.addAll(identities);
        frames.add(DELIMITER);
        frames.add(signature);
        frames.addAll(signedFrames());
        frames.addAll(buffers);
        return frames;
    }

    private List<byte[]> signedFrames() {
        return List.of(header, parentHeader, metadata, content);
    }
}
