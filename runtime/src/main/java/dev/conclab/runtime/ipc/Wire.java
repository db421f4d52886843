package dev.conclab.runtime.ipc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The messages between the handles of a shared object and its server, defined here only. They
 * travel over a Unix domain socket; each is one frame, {@code length} (4 bytes, of what follows)
 * then:
 * <ul>
 *   <li>request, handle to server: {@code id} (8 bytes), {@code operation} (modified UTF-8, as
 *       {@link DataOutputStream#writeUTF}), {@code argument} (the rest, maybe empty).
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
        return frame(out -> {
            out.writeLong(request.id());
            out.writeUTF(request.operation());
            out.write(request.argument());
        });
    }

    static byte[] encode(Reply reply) {
        return frame(out -> {
            out.writeLong(reply.id());
            out.writeByte(reply.outcome());
            out.write(reply.body());
        });
    }

    /** The request in a frame's body; throws when it is not one. */
    static Request decodeRequest(byte[] frame) throws IOException {
        DataInputStream fields = new DataInputStream(new ByteArrayInputStream(frame));
        long id = fields.readLong();
        String operation = fields.readUTF();
        return new Request(id, operation, fields.readAllBytes());
    }

    /** The reply in a frame's body; throws when it is not one. */
    static Reply decodeReply(byte[] frame) throws IOException {
        if (frame.length < Long.BYTES + 1) {
            throw new IOException("a reply of " + frame.length + " bytes is too short");
        }
        long id = ByteBuffer.wrap(frame).getLong();
        return new Reply(id, frame[Long.BYTES], Arrays.copyOfRange(frame, Long.BYTES + 1, frame.length));
    }

    private interface Fields {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] frame(Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0); // the length, filled in below
            fields.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        byte[] frame = bytes.toByteArray();
        int length = frame.length - Integer.BYTES;
        ByteBuffer.wrap(frame).putInt(length);
        return frame;
    }
}
