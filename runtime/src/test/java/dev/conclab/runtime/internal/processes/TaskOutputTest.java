package dev.conclab.runtime.internal.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a pool worker's stderr carries: the tasks' output between markers, and nothing for a task that prints nothing. */
class TaskOutputTest {
    @Test
    void aTaskThatPrintsIsMarkedAroundItsOutputAndOneThatDoesNotWritesNothing() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TaskOutput output = new TaskOutput(err);
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        output.begin(0);
        assertFalse(output.end(), "task 0 printed nothing");
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        output.begin(1);
        out.println("one");
        out.print("no line end");
        assertTrue(output.end(), "task 1 printed");
        assertEquals(TaskOutput.TASK_START + "1\none\nno line end\n" + TaskOutput.TASK_DONE + "\n", err.toString(StandardCharsets.UTF_8),
                "each marker on a line of its own, so the parent's pump sees it");
    }

    @Test
    void outputBetweenTasksIsUnmarked() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TaskOutput output = new TaskOutput(err);
        new PrintStream(output, true, StandardCharsets.UTF_8).println("a variable could not be read");
        assertEquals("a variable could not be read\n", err.toString(StandardCharsets.UTF_8));
    }
}
