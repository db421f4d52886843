package dev.conclab.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Lines and columns of offsets in a cell, as a person counts them. */
class CellTextTest {

    @Test
    void linesAndColumnsStartAtOne() {
        CellText text = new CellText("ab\ncd\n\nef");
        assertEquals(1, text.lineOf(0));
        assertEquals(1, text.columnOf(0));
        assertEquals(2, text.lineOf(4));
        assertEquals(2, text.columnOf(4));
        assertEquals(4, text.lineOf(7));
        assertEquals(1, text.columnOf(7));
    }

    @Test
    void anOffsetPastTheEndStaysOnTheLastLine() {
        CellText text = new CellText("ab\ncd");
        assertEquals(2, text.lineOf(99));
        assertEquals(3, text.columnOf(99));
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsOneColumn() {
        String code = "s = \"\uD83D\uDE00\" + x";
        CellText text = new CellText(code);
        assertEquals(11, text.columnOf(code.indexOf('x')), "the emoji is two UTF-16 units, one column");
    }

    @Test
    void aLineIsShownWithoutItsBreakAndAWindowsReturn() {
        CellText text = new CellText("first\r\nsecond\n");
        assertEquals("first", text.line(1));
        assertEquals("second", text.line(2));
        assertEquals("", text.line(3));
        assertEquals("", text.line(0), "no line 0");
        assertEquals("", text.line(4), "none past the end");
    }
}
