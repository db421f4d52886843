package dev.conclab.runtime.ipc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The messages between the handles of a shared object and its server, defined here only. They
 * travel over a Unix domain socket; each is one frame, {@code length} (4 bytes, of what follows)
 * then:
 * <ul>
 *   <li>request, handle to server: {@code id} (8 bytes), {@code operation} (its length in
 *       2 bytes, then its UTF-8 bytes), {@code argument} (the rest, maybe empty).
 *   <li>reply, server to handle: {@code id} of the request it answers, {@code outcome} (one byte,
 *       {@link #ANSWERED}, {@link #CANCELLED} or {@link #FAILED}), {@code body} (the rest; for
 *       {@link #FAILED}, what went wrong, in UTF-8).
 * </ul>
 * Before its first request a connection sends the object's secret ({@link #SECRET_BYTES} bytes,
 * no frame), and the server closes a connection whose secret is wrong. Each request is answered
 * exactly once, maybe later (a take from an empty queue waits for a put), so replies come in any
 * order and the id says whose they are. The one exception is the {@link #CANCEL} request, whose id
 * names the waiting request to drop: that request is then answered {@link #CANCELLED}, or was
 * answered already and the cancel gets no reply. A request with the id {@link #NO_REPLY} gets no
 * reply at all.
 */
final class Wire {
    private Wire() {}

    /** The id of a request that wants no reply, not even a failure: ids of calls start at 1. */
    static final long NO_REPLY = 0;
    /** The operation that withdraws a waiting request: the waiter was interrupted. */
    static final String CANCEL = "cancel";
    static final byte ANSWERED = 0;
    static final byte CANCELLED = 1;
    /** The server could not apply the request; the caller's call throws with the body's text. */
    static final byte FAILED = 2;
    static final int SECRET_BYTES = 32;
    private static final byte[] NOTHING = {};

    /** A request as the server receives it. */
    record Request(long id, String operation, byte[] argument) {}

    /** A reply as a handle's connection receives it. */
    record Reply(long id, byte outcome, byte[] body) {
        Reply {
            body = body == null ? NOTHING : body;
        }

        boolean cancelled() {
            return outcome == CANCELLED;
        }

        boolean failed() {
            return outcome == FAILED;
        }
    }

    static byte[] encode(Request request) {
        byte[] operation = operationBytes(request.operation());
        byte[] argument = request.argument();
        ByteBuffer frame = frame(Long.BYTES + Short.BYTES + operation.length + argument.length);
        frame.putLong(request.id()).putShort((short) operation.length).put(operation).put(argument);
        return frame.array();
    }

    static byte[] encode(Reply reply) {
        byte[] body = reply.body();
        ByteBuffer frame = frame(Long.BYTES + 1 + body.length);
        frame.putLong(reply.id()).put(reply.outcome()).put(body);
        return frame.array();
    }

    /** The request in a frame's body; throws when it is not one. */
    static Request decodeRequest(byte[] frame) throws IOException {
        if (frame.length < Long.BYTES + Short.BYTES) {
            throw new IOException("a request of " + frame.length + " bytes is too short");
        }
        ByteBuffer in = ByteBuffer.wrap(frame);
        long id = in.getLong();
        int length = Short.toUnsignedInt(in.getShort());
        int argumentAt = Long.BYTES + Short.BYTES + length;
        if (argumentAt > frame.length) {
            throw new IOException("a request's operation of " + length + " bytes is longer than its frame");
        }
        String operation = new String(frame, Long.BYTES + Short.BYTES, length, StandardCharsets.UTF_8);
        return new Request(id, operation, Arrays.copyOfRange(frame, argumentAt, frame.length));
    }

    /** The reply in a frame's body; throws when it is not one. */
    static Reply decodeReply(byte[] frame) throws IOException {
        if (frame.length < Long.BYTES + 1) {
            throw new IOException("a reply of " + frame.length + " bytes is too short");
        }
        long id = ByteBuffer.wrap(frame).getLong();
        return new Reply(id, frame[Long.BYTES], Arrays.copyOfRange(frame, Long.BYTES + 1, frame.length));
    }

    /** An operation's UTF-8 bytes, after {@code operation}'s 2-byte length. */
    private static byte[] operationBytes(String operation) {
        byte[] bytes = operation.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("an operation name of " + bytes.length + " bytes is too long");
        }
        return bytes;
    }

    /** A frame of {@code length} bytes after its length field, that field written, positioned after it. */
    private static ByteBuffer frame(int length) {
        return ByteBuffer.allocate(Integer.BYTES + length).putInt(length);
    }
}
