package dev.conclab.runtime.internal.cells;

/** Finds where the last whole UTF-8 character of a byte range ends. */
final class Utf8 {
    private Utf8() {}

    /**
     * Returns the end of the longest prefix of {@code bytes[from, to)} that holds only whole
     * characters; the bytes after it are the start of a character still being written.
     */
    static int completeEnd(byte[] bytes, int from, int to) {
        int lead = to - 1;
        int continuation = 0;
        while (lead >= from && continuation < 3 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
            continuation++;
        }
        if (lead < from) {
            return to;
        }
        int expected = sequenceLength(bytes[lead]);
        return expected > continuation + 1 ? lead : to;
    }

    private static int sequenceLength(byte lead) {
        int b = lead & 0xFF;
        if (b >= 0xF0) {
            return 4;
        }
        if (b >= 0xE0) {
            return 3;
        }
        if (b >= 0xC0) {
            return 2;
        }
        return 1;
    }
}
