package dev.conclab.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.channel.FromExecutor.Failed;
import dev.conclab.kernel.channel.FromExecutor.Outcome;
import dev.conclab.kernel.channel.FromExecutor.Succeeded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Magic lines: which lines are magics, what an unknown one says, and that the Java around them
 * keeps its cell lines and columns.
 */
class MagicsTest {
    private static ScratchNotebook notebook;

    @BeforeAll
    static void start() throws Exception {
        notebook = new ScratchNotebook();
    }

    @AfterAll
    static void stop() throws Exception {
        notebook.close();
    }

    @Test
    void aMagicIsALineStartingWithPercentAndNeverJava() {
        assertTrue(Magics.present("%time work()"));
        assertTrue(Magics.present("int a = 1;\n   %lsmagic"));
        assertTrue(Magics.present("%%bash\necho hi"));
        assertFalse(Magics.present("int rest = 7 % 3;"));
    }

    @Test
    void lsmagicListsEveryMagicInTheCell() throws Exception {
        assertInstanceOf(Succeeded.class, notebook.run("%lsmagic"));
        String listed = notebook.text(notebook.lastCell(), "stdout");
        for (String name : Magics.LINE_MAGICS.keySet()) {
            assertTrue(listed.contains("%" + name), name + " in " + listed);
        }
        assertTrue(listed.contains("%%bash") && listed.contains("%%time"), listed);
    }

    @Test
    void anUnknownMagicSaysSoAndPointsToLsmagic() throws Exception {
        Failed line = assertInstanceOf(Failed.class, notebook.run("%nope 1"));
        assertEquals("UsageError", line.name());
        assertEquals("there is no line magic %nope; %lsmagic lists them", line.message());
        Failed cell = assertInstanceOf(Failed.class, notebook.run("\n%%nope\nint a = 1;"));
        assertEquals("there is no cell magic %%nope; %lsmagic lists them", cell.message());
    }

    @Test
    void timeitWithoutCodeSaysWhatItNeeds() throws Exception {
        Failed failed = assertInstanceOf(Failed.class, notebook.run("%timeit   "));
        assertEquals("UsageError", failed.name());
        assertTrue(failed.message().contains("%timeit needs an expression"), failed.message());
    }

    @Test
    void javaAfterAMagicLineKeepsItsCellLine() throws Exception {
        Failed failed = assertInstanceOf(Failed.class, notebook.run("%lsmagic\nint fine = 1;\nString wrong = 2;"));
        assertTrue(failed.message().endsWith("(line 3, column 16)"), failed.message());
    }

    @Test
    void aTimedStatementKeepsItsColumn() throws Exception {
        Failed failed = assertInstanceOf(Failed.class, notebook.run("int before = 1;\n  %time String s = 1;"));
        assertTrue(failed.message().endsWith("(line 2, column 20)"), "the 1 after '  %time String s = ': " + failed.message());
    }

    @Test
    void aCellMagicBodyKeepsItsCellLines() throws Exception {
        Failed failed = assertInstanceOf(Failed.class, notebook.run("%%time\nint fine = 1;\nString wrong = 2;"));
        assertTrue(failed.message().endsWith("(line 3, column 16)"), failed.message());
    }

    @Test
    void timeRunsTheStatementAndReportsTheWallTime() throws Exception {
        notebook.run("int timed = 0;");
        Outcome outcome = notebook.run("%time timed = 41 + 1;\ntimed");
        assertEquals("42", assertInstanceOf(Succeeded.class, outcome).result().get("text/plain"));
        String report = notebook.text(notebook.lastCell(), "stdout");
        assertTrue(report.startsWith("Wall time: "), report);
    }

    @Test
    void aFailingChunkStopsTheMagicsAfterIt() throws Exception {
        Failed failed = assertInstanceOf(Failed.class, notebook.run("throw new IllegalStateException(\"first\");\n%lsmagic"));
        assertEquals("first", failed.message());
        assertEquals("", notebook.text(notebook.lastCell(), "stdout"), "%lsmagic did not run");
    }

    @Test
    void codeBeforeAndAfterAMagicRunsInOrder() throws Exception {
        assertInstanceOf(Succeeded.class, notebook.run("System.out.println(\"one\");\n%lsmagic\nSystem.out.println(\"two\");"));
        String out = notebook.text(notebook.lastCell(), "stdout");
        assertTrue(out.startsWith("one\nLine magics:") && out.endsWith("two\n"), out);
    }

    @Test
    void aJavaStringLiteralEscapesWhatJavaNeeds() {
        assertEquals("\"say \\\"hi\\\"\\\\n\\n\\ttab\\r\"", Magics.javaString("say \"hi\"\\n\n\ttab\r"));
    }
}
