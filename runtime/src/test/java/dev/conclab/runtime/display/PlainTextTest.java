package dev.conclab.runtime.display;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlainTextTest {
    @Test
    void showsValuesAsJShellDoes() {
        assertEquals("\"a\\\"b\\n\"", PlainText.of("a\"b\n"));
        assertEquals("'x'", PlainText.of('x'));
        assertEquals("int[3] { 1, 2, 3 }", PlainText.of(new int[] {1, 2, 3}));
        assertEquals("String[1] { \"s\" }", PlainText.of(new String[] {"s"}));
        assertEquals("null", PlainText.of(null));
        assertEquals("42", PlainText.of(42));
    }

    @Test
    void bundlesAlwaysCarryPlainText() {
        assertEquals("<HTML output>", Display.html("<b>x</b>").data().get("text/plain"));
        assertEquals("7", Display.bundleOf(7).data().get("text/plain"));
    }
}
