package dev.conclab.kernel.races;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lincheck finds, in a child JVM, the schedule that loses an update of a notebook's {@code count++},
 * shows it as a table with one column per thread, and finds the same schedule again on replay.
 */
class InterleavingsIT {
    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass()
            .warmUp("class Counter { int count; int inc() { return ++count; } }");

    @Test
    void findsTheLostUpdateShowsItPerThreadAndReplaysIt() throws Exception {
        Run found = running.client().run("var found = Interleavings.of(Counter::new).title(\"count++\")"
                + ".operation(\"inc\", Counter::inc).bounds(2, 1, 3).check();\nfound");
        var data = found.iopub().stream().filter(m -> m.type().equals("execute_result")).findFirst().orElseThrow()
                .content().path("data");
        String html = data.path("text/html").asText();
        assertTrue(html.contains("not linearizable") && html.contains("<th>Thread 1</th><th>Thread 2</th>"), html);
        // The lost update: a thread reads 0 and, after the switch, both write 1.
        assertTrue(html.contains("count ➜ 0") && html.contains("count = 1"), html);
        assertTrue(data.path("text/plain").asText().startsWith("count++: not linearizable"), data.toString());

        Run replay = running.client().run("var again = found.replay();\n"
                + "again.violated() + \" \" + again.steps().equals(found.steps()) + \" \" + found.switches()");
        assertTrue(replay.result().matches("\"true true [1-9]\\d*\""), replay.result() + " " + replay.iopub());
    }

    @Test
    void anAtomicCounterHasNoViolatingScheduleWithinTheBounds() throws Exception {
        Run run = running.client().run("Interleavings.of(java.util.concurrent.atomic.AtomicInteger::new)"
                + ".operation(\"inc\", java.util.concurrent.atomic.AtomicInteger::incrementAndGet)"
                + ".bounds(2, 1, 2).invocations(100).check().assertNoViolation().violated()");
        assertEquals("false", run.result(), run.iopub().toString());
    }
}
