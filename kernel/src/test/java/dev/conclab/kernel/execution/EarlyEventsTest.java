package dev.conclab.kernel.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conclab.kernel.channel.FromExecutor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyEventsTest {

    /** Records what reaches the publisher, in order. */
    private static final class Recorded implements ExecutorEvents {
        final List<String> seen = new ArrayList<>();

        @Override
        public void output(FromExecutor event) {
            seen.add("output " + ((FromExecutor.StreamText) event).text());
        }

        @Override
        public void rawOutput(String stream, String text) {
            seen.add(stream + " " + text);
        }
    }

    @Test
    void whatTheExecutorSaidBeforeTheSocketsExistedComesFirstAndInOrder() {
        EarlyEvents early = new EarlyEvents();
        early.rawOutput("stderr", "a JVM warning");
        early.output(new FromExecutor.StreamText("cell-1", "stdout", "one"));
        early.rawOutput("stdout", "two");

        Recorded publisher = new Recorded();
        early.attach(publisher);
        early.output(new FromExecutor.StreamText("cell-1", "stdout", "three"));

        assertEquals(List.of("stderr a JVM warning", "output one", "stdout two", "output three"), publisher.seen);
    }

    @Test
    void onceAttachedEventsGoStraightThrough() {
        EarlyEvents early = new EarlyEvents();
        Recorded publisher = new Recorded();
        early.attach(publisher);

        early.rawOutput("stdout", "now");

        assertEquals(List.of("stdout now"), publisher.seen);
    }
}
