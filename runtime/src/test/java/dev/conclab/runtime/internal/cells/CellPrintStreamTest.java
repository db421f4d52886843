package dev.conclab.runtime.internal.cells;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellPrintStreamTest {

    /** Keeps what reaches the sink, per cell. */
    private static final class Recorder implements OutputSink {
        final List<String> writes = new ArrayList<>();

        @Override
        public synchronized void write(Cell cell, StreamName stream, String text) {
            writes.add(cell.id() + ":" + text);
        }

        @Override
        public void display(Cell cell, Map<String, String> data, String displayId, boolean update) {}

        @Override
        public void clear(Cell cell, boolean wait) {}
    }

    @Test
    void aThreadWritesToTheCellThatStartedItEvenAfterAnotherCellStarts() throws Exception {
        Recorder sink = new Recorder();
        CellRouting routing = new CellRouting(sink);
        CellPrintStream out = new CellPrintStream(routing, StreamName.STDOUT);
        routing.enter(new Cell("one", 1));
        Thread started = new Thread(() -> out.print("from thread"));
        routing.leave();
        routing.enter(new Cell("two", 2));
        out.print("from cell two");
        started.start();
        started.join();
        assertEquals(List.of("two:from cell two", "one:from thread"), sink.writes);
    }

    @Test
    void outputWithoutACellGoesToTheLastCell() throws Exception {
        Recorder sink = new Recorder();
        CellRouting routing = new CellRouting(sink);
        CellPrintStream out = new CellPrintStream(routing, StreamName.STDOUT);
        Thread orphan = new Thread(() -> out.print("orphan"));
        routing.enter(new Cell("last", 1));
        routing.leave();
        orphan.start();
        orphan.join();
        assertEquals(List.of("last:orphan"), sink.writes);
    }

    @Test
    void multiByteCharactersSplitAcrossWritesArriveWhole() {
        Recorder sink = new Recorder();
        CellRouting routing = new CellRouting(sink);
        CellPrintStream out = new CellPrintStream(routing, StreamName.STDOUT);
        routing.enter(new Cell("c", 1));
        byte[] emoji = "a\uD83D\uDE00b".getBytes(StandardCharsets.UTF_8);
        out.write(emoji, 0, 3);
        out.write(emoji, 3, emoji.length - 3);
        assertEquals("a\uD83D\uDE00b", String.join("", sink.writes).replace("c:", ""));
    }
}
