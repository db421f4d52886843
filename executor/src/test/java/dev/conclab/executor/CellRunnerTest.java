package dev.conclab.executor;

import dev.conclab.kernel.channel.FromExecutor.Failed;
import dev.conclab.kernel.channel.FromExecutor.Outcome;
import dev.conclab.kernel.channel.FromExecutor.Succeeded;
import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.runtime.internal.cells.Cell;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cells run by {@link CellRunner} on a scratch JShell in this JVM: values, declarations that
 * persist, output routed to its cell, and errors in cell lines ({@link Tracebacks},
 * {@link SnippetOrigins}, {@link CellText}).
 */
class CellRunnerTest {
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
    void aFinalExpressionShowsItsValueUnlessASemicolonEndsIt() throws Exception {
        assertEquals("42", plain(notebook.run("int answer = 6 * 7;\nanswer")));
        assertNull(((Succeeded) notebook.run("answer;")).result(), "a semicolon hides the value");
        assertEquals("\"text\"", plain(notebook.run("\"text\" // a comment after the value")));
        assertNull(((Succeeded) notebook.run("int unseen = 1;")).result(), "a declaration shows nothing");
    }

    @Test
    void declarationsPersistAndLaterCellsRedefineThem() throws Exception {
        notebook.run("int twice(int n) { return 2 * n; }\nrecord Box(int size) {}");
        assertEquals("Box[size=8]", plain(notebook.run("new Box(twice(4))")));
        notebook.run("int twice(int n) { return 3 * n; }");
        assertEquals("12", plain(notebook.run("twice(4)")));
    }

    @Test
    void outputGoesToTheCellThatWroteIt() throws Exception {
        notebook.run("System.out.println(\"to out\");\nSystem.err.println(\"to err\");");
        Cell first = notebook.lastCell();
        notebook.run("System.out.println(\"second\");");
        assertEquals("to out\n", notebook.text(first, "stdout"));
        assertEquals("to err\n", notebook.text(first, "stderr"));
        assertEquals("second\n", notebook.text(notebook.lastCell(), "stdout"));
    }

    @Test
    void aThreadWritesIntoTheCellThatStartedItAfterThatCellEnded() throws Exception {
        notebook.run("var gate = new CountDownLatch(1);\n"
                + "new Thread(() -> { try { gate.await(); } catch (InterruptedException e) { } System.out.println(\"late\"); }).start();");
        Cell starter = notebook.lastCell();
        notebook.run("gate.countDown();");
        notebook.await(m -> m instanceof FromExecutor.StreamText text && text.text().contains("late"));
        assertEquals("late\n", notebook.text(starter, "stdout"));
        assertEquals("", notebook.text(notebook.lastCell(), "stdout"));
    }

    @Test
    void theCodeBeforeAFailingStatementRunsAndTheCodeAfterItDoesNot() throws Exception {
        Failed failed = assertInstanceOf(Failed.class, notebook.run("System.out.println(\"before\");\n"
                + "Object nothing = null;\n"
                + "nothing.hashCode();\n"
                + "System.out.println(\"after\");"));
        assertEquals("java.lang.NullPointerException", failed.name());
        assertEquals("before\n", notebook.text(notebook.lastCell(), "stdout"));
    }

    @Test
    void anExceptionShowsItsFramesInCellLines() throws Exception {
        notebook.run("void fail(String why) {\n    throw new IllegalStateException(why);\n}");
        int declaredIn = notebook.lastCell().executionCount();
        Failed failed = assertInstanceOf(Failed.class, notebook.run("\n\nfail(\"broken\");"));
        assertEquals("java.lang.IllegalStateException", failed.name());
        assertEquals("broken", failed.message());
        String trace = plainText(failed.traceback());
        assertTrue(trace.startsWith("java.lang.IllegalStateException: broken\n"), trace);
        assertTrue(trace.contains("at fail(In [" + declaredIn + "], line 2)"), trace);
        assertTrue(trace.contains("at <cell>(In [" + notebook.lastCell().executionCount() + "], line 3)"), trace);
        assertTrue(!trace.contains("REPL."), "no JShell wrapper names: " + trace);
    }

    @Test
    void aCauseIsShownBelowItsException() throws Exception {
        Failed failed = assertInstanceOf(Failed.class,
                notebook.run("throw new RuntimeException(\"outer\", new java.io.IOException(\"inner\"));"));
        String trace = plainText(failed.traceback());
        assertTrue(trace.contains("Caused by: java.io.IOException: inner"), trace);
    }

    @Test
    void aCompileErrorNamesTheCellLineAndColumnWithACaret() throws Exception {
        Failed failed = assertInstanceOf(Failed.class, notebook.run("int fine = 1;\n\n  String s = 42;"));
        assertEquals("CompilationError", failed.name());
        int count = notebook.lastCell().executionCount();
        assertTrue(failed.message().endsWith("(line 3, column 14)"), failed.message());
        List<String> lines = failed.traceback().stream().map(CellRunnerTest::plain).toList();
        assertTrue(lines.get(0).startsWith("In [" + count + "], line 3, column 14: incompatible types"), lines.toString());
        assertEquals("      String s = 42;", lines.get(1));
        assertEquals("    " + " ".repeat(13) + "^", lines.get(2), "the caret stands under the 42");
    }

    @Test
    void columnsCountCodePointsNotUtf16Units() throws Exception {
        Failed failed = assertInstanceOf(Failed.class, notebook.run("String s = \"\uD83D\uDE00\"; int n = \"x\";"));
        assertTrue(failed.message().endsWith("(line 1, column 25)"), "the emoji is one column: " + failed.message());
    }

    @Test
    void anInterruptStopsASleepingCellAndKeepsItsDefinitions() throws Exception {
        Future<Outcome> sleeping = notebook.start("int keptAcrossInterrupt = 5;\n"
                + "System.out.println(\"sleeping\");\n"
                + "Thread.sleep(600_000);");
        Cell cell = notebook.lastCell();
        notebook.await(m -> m instanceof FromExecutor.StreamText text && text.cellId().equals(cell.id())
                && text.text().contains("sleeping"));
        notebook.runner.interrupt();
        Failed failed = assertInstanceOf(Failed.class, sleeping.get(ScratchNotebook.BOUND.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("InterruptedException", failed.name());
        assertTrue(notebook.text(cell, "stderr").contains("Interrupted. The threads were doing this:"), notebook.text(cell, "stderr"));
        assertEquals("5", plain(notebook.run("keptAcrossInterrupt")));
    }

    /**
     * The request handler looks whether an interrupt came for a cell just before the cell begins;
     * one that lands in between must still stop it, not wait for the kernel's grace to end the JVM.
     */
    @Test
    void anInterruptThatLandsAsTheCellBeginsStopsIt() throws Exception {
        Outcome outcome = notebook.run("new LinkedBlockingQueue<String>().take();", () -> {
            notebook.runner.interrupt(); // arrives after the handler looked, as the cell begins
            return false;
        });
        Failed failed = assertInstanceOf(Failed.class, outcome);
        assertEquals("InterruptedException", failed.name());
        assertInstanceOf(Succeeded.class, notebook.run("int after = 1;"), "the next cell runs");
    }

    private static String plain(Outcome outcome) {
        Succeeded succeeded = assertInstanceOf(Succeeded.class, outcome, outcome::toString);
        return succeeded.result().get("text/plain");
    }

    private static String plainText(List<String> traceback) {
        return plain(String.join("\n", traceback));
    }

    /** Text without its terminal colours. */
    private static String plain(String text) {
        return text.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
