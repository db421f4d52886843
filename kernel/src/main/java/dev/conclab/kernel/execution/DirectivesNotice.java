package dev.conclab.kernel.execution;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The executor's standard output without the line HotSpot prints when it reads the compiler
 * directives ({@code KernelMain.COMPILER_DIRECTIVES}): "1 compiler directives added". The kernel
 * gives the executor's raw output to the latest cell, so after the executor was replaced that
 * line would show in the notebook. Only a first line that is exactly that notice is dropped;
 * any other byte passes as soon as it differs from it.
 */
final class DirectivesNotice extends FilterInputStream {
    private static final byte[] TEXT = " compiler directives added\n".getBytes(StandardCharsets.US_ASCII);

    /** Bytes read while they could still be the notice; given on unless they were it. */
    private byte[] held = new byte[64];
    private int heldLength;
    private int heldGiven;
    private boolean decided;

    DirectivesNotice(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!decided) {
            decide();
        }
        if (heldGiven < heldLength) {
            int count = Math.min(length, heldLength - heldGiven);
            System.arraycopy(held, heldGiven, into, offset, count);
            heldGiven += count;
            return count;
        }
        return in.read(into, offset, length);
    }

    /** Reads byte by byte while the output can still be the notice: digits, then {@link #TEXT}. */
    private void decide() throws IOException {
        int digits = 0;
        int matched = 0;
        while (!decided) {
            int next = in.read();
            if (next < 0) {
                decided = true;
                break;
            }
            held[heldLength++] = (byte) next;
            if (matched == 0 && next >= '0' && next <= '9' && digits < 9) {
                digits++;
            } else if (digits > 0 && matched < TEXT.length && next == TEXT[matched]) {
                matched++;
                if (matched == TEXT.length) {
                    heldLength = 0;
                    decided = true;
                }
            } else {
                decided = true;
            }
        }
    }
}
