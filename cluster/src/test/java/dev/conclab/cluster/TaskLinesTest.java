package dev.conclab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A task's result waits for its lines, and says how many never came instead of leaving the cell short. */
class TaskLinesTest {
    private final List<String> shown = new CopyOnWriteArrayList<>();
    private final TaskLines lines = new TaskLines((member, stderr, text) -> shown.add((stderr ? "err " : "out ") + member + ": " + text));

    @Test
    void linesThatComeWhileTheResultWaitsShowAndNothingElseIsSaid() throws Exception {
        lines.print("member-2", false, "first");
        Thread late = new Thread(() -> lines.print("member-2", true, "second"));
        late.start();
        lines.awaitOrReport("member-2", 2, 30_000);
        late.join();
        assertEquals(List.of("out member-2: first", "err member-2: second"), shown);
    }

    @Test
    void linesThatNeverComeAreCountedOnTheTasksStderr() {
        lines.print("member-2", false, "the only one that came");
        lines.awaitOrReport("member-2", 4, 50);
        assertEquals(2, shown.size(), shown.toString());
        assertTrue(shown.get(1).startsWith("err member-2: 3 of the 4 lines this task printed did not arrive within 50 ms: "), shown.get(1));
    }
}
