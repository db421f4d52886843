package dev.conclab.kernel.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectivesNoticeTest {
    @Test
    void theNoticeAsTheFirstLineIsDropped() throws IOException {
        assertEquals("hello\n", read("1 compiler directives added\nhello\n"));
        assertEquals("", read("12 compiler directives added\n"));
    }

    @Test
    void theNoticeInPiecesIsDroppedToo() throws IOException {
        // HotSpot may write the text and its end of line apart; a pipe may hand them over apart.
        InputStream pieces = new SequenceInputStream(Collections.enumeration(List.of(
                stream("1 compiler "), stream("directives added"), stream("\n"), stream("after\n"))));
        assertEquals("after\n", new String(new DirectivesNotice(pieces).readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void anyOtherOutputPassesWhole() throws IOException {
        assertEquals("hello\n", read("hello\n"));
        assertEquals("1 compiler directive\n", read("1 compiler directive\n"));
        assertEquals("42\n", read("42\n"));
        assertEquals("compiler directives added\n", read("compiler directives added\n"));
        assertEquals("", read(""));
    }

    @Test
    void onlyTheFirstLineIsLookedAt() throws IOException {
        assertEquals("x\n1 compiler directives added\n", read("x\n1 compiler directives added\n"));
    }

    private static String read(String text) throws IOException {
        return new String(new DirectivesNotice(stream(text)).readAllBytes(), StandardCharsets.UTF_8);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
