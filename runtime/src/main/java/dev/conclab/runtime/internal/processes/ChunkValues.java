package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
 * worker JVM, which was most of a map of small tasks. The bytes are put into and taken from the
 * array by hand rather than through Data streams: a worker runs its first maps in the interpreter,
 * where the five synchronized calls a {@code DataOutputStream.writeInt} makes cost about 1 µs per
 * value (docs/benchmarks.md, issue 13 part 4). Any other list is Java-serialized and read back
 * through the deserialization filter; the first byte says which.
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
        int size = ownSize(values);
        return size < 0 ? javaSerialized(values) : own(values, size);
    }

    /** The bytes of {@code values} in our own form, or null when one of them has none (it is not plain). */
    static byte[] ownOrNull(List<?> values) {
        int size = ownSize(values);
        return size < 0 ? null : own(values, size);
    }

    /** Whether {@code bytes} are values in our own form rather than Java-serialized. */
    static boolean isOwn(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == OWN;
    }

    /** How many bytes {@code values} take in our own form, or -1 when one of them has none. */
    private static int ownSize(List<?> values) {
        int size = 5;
        for (Object value : values) {
            if (value == null || value instanceof Boolean) {
                size += 2;
            } else if (value instanceof Integer) {
                size += 5;
            } else if (value instanceof Long || value instanceof Double) {
                size += 9;
            } else if (value instanceof String text && text.length() <= LONGEST_STRING) {
                size += 5 + 2 * text.length();
            } else {
                return -1;
            }
        }
        return size;
    }

    private static byte[] own(List<?> values, int size) {
        byte[] bytes = new byte[size];
        bytes[0] = OWN;
        putInt(bytes, 1, values.size());
        int at = 5;
        for (Object value : values) {
            if (value == null) {
                bytes[at] = NULL;
                at += 2;
            } else if (value instanceof Integer number) {
                bytes[at] = INTEGER;
                putInt(bytes, at + 1, number);
                at += 5;
            } else if (value instanceof Long number) {
                bytes[at] = LONG;
                putLong(bytes, at + 1, number);
                at += 9;
            } else if (value instanceof Double number) {
                bytes[at] = DOUBLE;
                putLong(bytes, at + 1, Double.doubleToRawLongBits(number));
                at += 9;
            } else if (value instanceof Boolean truth) {
                bytes[at] = BOOLEAN;
                bytes[at + 1] = (byte) (truth ? 1 : 0);
                at += 2;
            } else {
                // Chars, not UTF-8: a string with half a surrogate pair arrives as it was.
                String text = (String) value;
                bytes[at] = STRING;
                putInt(bytes, at + 1, text.length());
                at += 5;
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    bytes[at] = (byte) (c >>> 8);
                    bytes[at + 1] = (byte) c;
                    at += 2;
                }
            }
        }
        return bytes;
    }

    private static byte[] javaSerialized(List<?> values) throws NotSerializableException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(JAVA);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(values));
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
        if (bytes.length == 0) {
            throw new IOException("a map's values are empty bytes");
        }
        if (bytes[0] == JAVA) {
            ByteArrayInputStream rest = new ByteArrayInputStream(bytes, 1, bytes.length - 1);
            try (FilteredInput in = new FilteredInput(rest, SerialFilter.forNotebook(source), () -> notebook)) {
                @SuppressWarnings("unchecked")
                List<Object> values = (List<Object>) in.readChecked();
                return values;
            }
        }
        try {
            return own(bytes);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IOException("a map's values end too soon (" + bytes.length + " bytes)", e);
        }
    }

    private static List<Object> own(byte[] bytes) throws IOException {
        int size = getInt(bytes, 1);
        if (size < 0 || size > bytes.length) {
            throw new IOException("a map's chunk of " + size + " values is not one of ours");
        }
        List<Object> values = new ArrayList<>(size);
        int at = 5;
        for (int i = 0; i < size; i++) {
            byte tag = bytes[at];
            switch (tag) {
                case NULL:
                    values.add(null);
                    at += 2;
                    break;
                case INTEGER:
                    values.add(getInt(bytes, at + 1));
                    at += 5;
                    break;
                case LONG:
                    values.add(getLong(bytes, at + 1));
                    at += 9;
                    break;
                case DOUBLE:
                    values.add(Double.longBitsToDouble(getLong(bytes, at + 1)));
                    at += 9;
                    break;
                case BOOLEAN:
                    values.add(bytes[at + 1] != 0);
                    at += 2;
                    break;
                case STRING: {
                    int length = getInt(bytes, at + 1);
                    if (length < 0 || length > LONGEST_STRING) {
                        throw new IOException("a map's string of " + length + " chars is not one of ours");
                    }
                    at += 5;
                    char[] chars = new char[length];
                    for (int c = 0; c < length; c++) {
                        chars[c] = (char) ((bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff);
                        at += 2;
                    }
                    values.add(new String(chars));
                    break;
                }
                default:
                    throw new IOException("unknown tag " + tag + " in a map's values");
            }
        }
        return values;
    }

    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    private static void putLong(byte[] bytes, int at, long value) {
        putInt(bytes, at, (int) (value >>> 32));
        putInt(bytes, at + 4, (int) value);
    }

    private static int getInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
    }

    private static long getLong(byte[] bytes, int at) {
        return (long) getInt(bytes, at) << 32 | getInt(bytes, at + 4) & 0xffffffffL;
    }
}
