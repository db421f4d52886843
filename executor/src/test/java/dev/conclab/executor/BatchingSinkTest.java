package dev.conclab.executor;

import dev.conclab.kernel.channel.FromExecutor.StreamText;
import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.runtime.display.MimeBundle;
import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.StreamName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The batching of cell output, with the timer played by hand: what reaches the kernel after
 * each write and each tick of the 50 ms flush.
 */
class BatchingSinkTest {
    private static final Cell ONE = new Cell("cell-1", 1);
    private static final Cell TWO = new Cell("cell-2", 2);

    private final List<FromExecutor> sent = new ArrayList<>();
    private final List<Runnable> ticks = new ArrayList<>();
    private final List<Long> periods = new ArrayList<>();
    private final BatchingSink sink = new BatchingSink(sent::add, (millis, tick) -> {
        periods.add(millis);
        ticks.add(tick);
    });

    private void tick() {
        assertEquals(1, ticks.size(), "the sink asks for one periodic flush");
        ticks.get(0).run();
    }

    @Test
    void textWaitsForTheFiftyMillisecondTick() {
        assertEquals(List.of(50L), periods);
        sink.write(ONE, StreamName.STDOUT, "one\n");
        sink.write(ONE, StreamName.STDOUT, "two\n");
        assertEquals(List.of(), sent, "nothing leaves between ticks");
        tick();
        assertEquals(List.of(text(ONE, "stdout", "one\ntwo\n")), sent, "one batch per tick");
        tick();
        assertEquals(1, sent.size(), "an empty tick sends nothing");
    }

    @Test
    void aLineStillBeingWrittenStaysBackOneTick() {
        sink.write(ONE, StreamName.STDOUT, "whole\nhal");
        tick();
        assertEquals(List.of(text(ONE, "stdout", "whole\n")), sent);
        sink.write(ONE, StreamName.STDOUT, "f");
        tick();
        assertEquals(List.of(text(ONE, "stdout", "whole\n"), text(ONE, "stdout", "half")), sent,
                "a line without its break goes on the next tick rather than never");
    }

    @Test
    void aPartLineAloneIsHeldOnceThenSent() {
        sink.write(ONE, StreamName.STDOUT, "progress 10%");
        tick();
        assertEquals(List.of(), sent);
        tick();
        assertEquals(List.of(text(ONE, "stdout", "progress 10%")), sent);
    }

    @Test
    void sixtyFourKibibytesGoAtOnceWithoutATick() {
        String almost = "x".repeat(BatchingSink.FLUSH_AT_CHARS - 1);
        sink.write(ONE, StreamName.STDOUT, almost);
        assertEquals(List.of(), sent);
        sink.write(ONE, StreamName.STDOUT, "y");
        assertEquals(List.of(text(ONE, "stdout", almost + "y")), sent, "the whole batch, the part line too");
        sink.write(ONE, StreamName.STDOUT, "z\n");
        tick();
        assertEquals(text(ONE, "stdout", "z\n"), sent.get(1), "the count starts again after a flush");
    }

    @Test
    void theLimitCountsEveryCellsPendingText() {
        int half = BatchingSink.FLUSH_AT_CHARS / 2;
        sink.write(ONE, StreamName.STDOUT, "a".repeat(half));
        sink.write(TWO, StreamName.STDOUT, "b".repeat(half));
        assertEquals(List.of(text(ONE, "stdout", "a".repeat(half)), text(TWO, "stdout", "b".repeat(half))), sent);
    }

    @Test
    void stdoutAndStderrOfACellArriveInTheOrderWritten() {
        sink.write(ONE, StreamName.STDOUT, "before ");
        sink.write(ONE, StreamName.STDERR, "Exception in thread \"Thread-0\"\n");
        sink.write(ONE, StreamName.STDOUT, "joined\n");
        tick();
        assertEquals(List.of(text(ONE, "stdout", "before "), text(ONE, "stderr", "Exception in thread \"Thread-0\"\n"),
                text(ONE, "stdout", "joined\n")), sent);
    }

    @Test
    void anotherCellsStreamsDoNotForceAFlush() {
        sink.write(ONE, StreamName.STDOUT, "one\n");
        sink.write(TWO, StreamName.STDERR, "two\n");
        assertEquals(List.of(), sent);
        tick();
        assertEquals(List.of(text(ONE, "stdout", "one\n"), text(TWO, "stderr", "two\n")), sent);
    }

    @Test
    void aDisplayOrAClearComesAfterTheTextWrittenBeforeIt() {
        sink.write(ONE, StreamName.STDOUT, "before the chart");
        sink.display(ONE, MimeBundle.text("chart").data(), "bar", false);
        sink.write(ONE, StreamName.STDOUT, "after\n");
        sink.clear(ONE, true);
        assertEquals(4, sent.size(), sent.toString());
        assertEquals(text(ONE, "stdout", "before the chart"), sent.get(0), "a part line too: the display must not overtake it");
        FromExecutor.DisplayData display = assertInstanceOf(FromExecutor.DisplayData.class, sent.get(1));
        assertEquals(new FromExecutor.DisplayData("cell-1", MimeBundle.text("chart").data(), "bar", false), display);
        assertEquals(text(ONE, "stdout", "after\n"), sent.get(2));
        assertEquals(new FromExecutor.ClearOutput("cell-1", true), sent.get(3));
    }

    @Test
    void theEndOfACellSendsEverythingPending() {
        sink.write(ONE, StreamName.STDOUT, "no line break");
        sink.write(TWO, StreamName.STDOUT, "other cell\n");
        sink.flush();
        assertEquals(List.of(text(ONE, "stdout", "no line break"), text(TWO, "stdout", "other cell\n")), sent);
        tick();
        assertEquals(2, sent.size(), "nothing is sent twice");
    }

    private static StreamText text(Cell cell, String stream, String text) {
        return new StreamText(cell.id(), stream, text);
    }
}
