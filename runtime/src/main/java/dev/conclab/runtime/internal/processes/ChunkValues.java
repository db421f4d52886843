package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a map chunk's inputs or results. When every value is null, a boxed number, a
 * {@link Boolean} or a {@link String} (as most lessons' inputs are), each takes a tag and its
 * own few bytes: Java serialization spends hundreds of interpreted bytecodes per object in a young
 * worker JVM, which was most of a map of small tasks. Any other list is Java-serialized and read
 * back through the deserialization filter; the first byte says which.
 */
final class ChunkValues {
    private static final byte OWN = 0;
    private static final byte JAVA = 1;
    private static final byte NULL = 0;
    private static final byte INTEGER = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte STRING = 4;
    private static final byte BOOLEAN = 5;
    /** Longer strings go through Java serialization, whose filter limits what it reads. */
    private static final int LONGEST_STRING = 1 << 16;

    private ChunkValues() {}

    /** The bytes of {@code values}. */
    static byte[] encode(List<?> values) throws NotSerializableException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 9 * values.size());
        try {
            if (allOwn(values)) {
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(OWN);
                out.writeInt(values.size());
                for (Object value : values) {
                    write(out, value);
                }
                out.flush();
            } else {
                bytes.write(JAVA);
                try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                    out.writeObject(new ArrayList<>(values));
                }
            }
        } catch (NotSerializableException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a map's values into memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The values in {@code bytes}; what was Java-serialized is read through the filter of
     * {@code source}, its classes resolved in {@code notebook} (null in a worker, where the cells'
     * classes are on the class path).
     */
    static List<Object> decode(byte[] bytes, String source, ClassLoader notebook) throws IOException, ClassNotFoundException {
        if (bytes[0] == JAVA) {
            ByteArrayInputStream rest = new ByteArrayInputStream(bytes, 1, bytes.length - 1);
            try (FilteredInput in = new FilteredInput(rest, SerialFilter.forNotebook(source), () -> notebook)) {
                @SuppressWarnings("unchecked")
                List<Object> values = (List<Object>) in.readChecked();
                return values;
            }
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1));
        int size = in.readInt();
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(read(in));
        }
        return values;
    }

    private static boolean allOwn(List<?> values) {
        for (Object value : values) {
            if (!(value == null || value instanceof Integer || value instanceof Long || value instanceof Double
                    || value instanceof Boolean || value instanceof String text && text.length() <= LONGEST_STRING)) {
                return false;
            }
        }
        return true;
    }

    private static void write(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Integer number) {
            out.writeByte(INTEGER);
            out.writeInt(number);
        } else if (value instanceof Long number) {
            out.writeByte(LONG);
            out.writeLong(number);
        } else if (value instanceof Double number) {
            out.writeByte(DOUBLE);
            out.writeDouble(number);
        } else if (value instanceof Boolean truth) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(truth);
        } else {
            // Chars, not UTF-8: a string with half a surrogate pair arrives as it was.
            String text = (String) value;
            out.writeByte(STRING);
            out.writeInt(text.length());
            out.writeChars(text);
        }
    }

    private static Object read(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case INTEGER:
                return in.readInt();
            case LONG:
                return in.readLong();
            case DOUBLE:
                return in.readDouble();
            case BOOLEAN:
                return in.readBoolean();
            case STRING: {
                int length = in.readInt();
                if (length < 0 || length > LONGEST_STRING) {
                    throw new IOException("a map's string of " + length + " chars is not one of ours");
                }
                char[] chars = new char[length];
                for (int i = 0; i < length; i++) {
                    chars[i] = in.readChar();
                }
                return new String(chars);
            }
            default:
                throw new IOException("unknown tag " + tag + " in a map's values");
        }
    }
}
