package dev.conclab.runtime.ipc;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * The bytes of the values that cross processes through shared objects. The common ones (null, a
 * short {@link String}, boxed numbers, {@link Boolean}, and an {@code Object[]} of those, as a
 * manager's arguments are) get a few bytes of their own: Java serialization of an {@code Integer}
 * takes 81 bytes and a filtered {@code ObjectInputStream} several microseconds, most of a round
 * trip. Everything else is Java-serialized, and read back only through the deserialization
 * filter. The first byte says which: Java serialization's stream begins with its magic number
 * (0xACED), the others with a tag of their own.
 */
final class Values {
    private Values() {}

    /** The first byte of every Java serialization stream (its magic number is 0xACED). */
    private static final byte JAVA = (byte) 0xAC;
    private static final byte NULL = 1;
    private static final byte STRING = 2;
    private static final byte INTEGER = 3;
    private static final byte LONG = 4;
    private static final byte DOUBLE = 5;
    private static final byte BOOLEAN = 6;
    private static final byte ARRAY = 7;
    /** Longer strings go through Java serialization, whose filter limits how many bytes it reads. */
    private static final int LONGEST_STRING = 1 << 16;
    private static final int LONGEST_ARRAY = 64;

    /** {@code value}'s bytes; {@code java} Java-serializes what has no bytes of its own. */
    static byte[] encode(Object value, Function<Object, byte[]> java) {
        int size = size(value);
        if (size < 0) {
            return java.apply(value);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        put(out, value);
        return out.array();
    }

    /**
     * The value in {@code bytes}; {@code java} reads (through the filter) what was Java-serialized.
     *
     * @throws IllegalStateException when the bytes are not a value's
     */
    static Object decode(byte[] bytes, Function<byte[], Object> java) {
        if (bytes.length > 0 && bytes[0] == JAVA) {
            return java.apply(bytes);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            Object value = get(in, true);
            if (in.hasRemaining()) {
                throw new IllegalStateException(in.remaining() + " bytes too many");
            }
            return value;
        } catch (RuntimeException malformed) {
            throw new IllegalStateException("cannot read a value from a shared object: " + malformed, malformed);
        }
    }

    /** Whether {@code value} has bytes of its own (it is not Java-serialized). */
    static boolean hasOwnBytes(Object value) {
        return size(value) >= 0;
    }

    /** How many bytes {@code value} takes, or -1 when it is Java-serialized. */
    private static int size(Object value) {
        if (value == null) {
            return 1;
        } else if (value instanceof String text) {
            return text.length() <= LONGEST_STRING ? 1 + Integer.BYTES + 2 * text.length() : -1;
        } else if (value instanceof Integer) {
            return 1 + Integer.BYTES;
        } else if (value instanceof Long || value instanceof Double) {
            return 1 + Long.BYTES;
        } else if (value instanceof Boolean) {
            return 2;
        } else if (value.getClass() == Object[].class && ((Object[]) value).length <= LONGEST_ARRAY) {
            int size = 1 + Integer.BYTES;
            for (Object element : (Object[]) value) {
                int each = element instanceof Object[] ? -1 : size(element);
                if (each < 0) {
                    return -1;
                }
                size += each;
            }
            return size;
        }
        return -1;
    }

    private static void put(ByteBuffer out, Object value) {
        if (value == null) {
            out.put(NULL);
        } else if (value instanceof String text) {
            out.put(STRING).putInt(text.length());
            // Chars, not UTF-8: a string with half a surrogate pair arrives as it was.
            out.asCharBuffer().put(text);
            out.position(out.position() + 2 * text.length());
        } else if (value instanceof Integer number) {
            out.put(INTEGER).putInt(number);
        } else if (value instanceof Long number) {
            out.put(LONG).putLong(number);
        } else if (value instanceof Double number) {
            out.put(DOUBLE).putDouble(number);
        } else if (value instanceof Boolean truth) {
            out.put(BOOLEAN).put((byte) (truth ? 1 : 0));
        } else {
            Object[] elements = (Object[]) value;
            out.put(ARRAY).putInt(elements.length);
            for (Object element : elements) {
                put(out, element);
            }
        }
    }

    private static Object get(ByteBuffer in, boolean top) {
        byte tag = in.get();
        switch (tag) {
            case NULL:
                return null;
            case STRING: {
                int length = in.getInt();
                if (length < 0 || length > LONGEST_STRING) {
                    throw new IllegalStateException("a string of " + length + " chars is not one of ours");
                }
                char[] chars = new char[length];
                in.asCharBuffer().get(chars);
                in.position(in.position() + 2 * length);
                return new String(chars);
            }
            case INTEGER:
                return in.getInt();
            case LONG:
                return in.getLong();
            case DOUBLE:
                return in.getDouble();
            case BOOLEAN:
                return in.get() != 0;
            case ARRAY: {
                int length = in.getInt();
                if (!top || length < 0 || length > LONGEST_ARRAY) {
                    throw new IllegalStateException("an array of " + length + " is not one of ours");
                }
                Object[] elements = new Object[length];
                for (int i = 0; i < length; i++) {
                    elements[i] = get(in, false);
                }
                return elements;
            }
            default:
                throw new IllegalStateException("unknown value tag " + tag);
        }
    }
}
