package dev.conclab.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.executor.CellSplitter.Part;
import java.util.List;
import java.util.Map;
import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How a cell is cut into the snippets JShell evaluates, and where each starts in the cell. */
class CellSplitterTest {
    private static JShell jshell;
    private static CellSplitter splitter;

    @BeforeAll
    static void analysis() {
        // Source analysis only: no code runs, so the local engine is never even started.
        jshell = JShell.builder().executionEngine(new DeferringExecutionControl.Provider(CellClasses.none()), Map.of()).build();
        splitter = new CellSplitter(jshell.sourceCodeAnalysis());
    }

    @AfterAll
    static void close() {
        jshell.close();
    }

    @Test
    void eachStatementIsASnippetAtItsOffset() {
        String code = "int a = 1;\nint b = 2;\na + b";
        List<Part> parts = splitter.split(code);
        assertEquals(3, parts.size(), parts.toString());
        assertEquals(List.of("int a", "int b", "a + b"), parts.stream().map(part -> part.source().strip().substring(0, 5)).toList());
        parts.forEach(part -> assertStandsAtItsOffset(code, part));
        assertTrue(parts.stream().allMatch(Part::complete));
    }

    @Test
    void onlyAnExpressionWithoutASemicolonShowsItsValue() {
        List<Part> parts = splitter.split("int a = 1;\na;\na");
        assertEquals(List.of(false, false, true), parts.stream().map(Part::showsValue).toList());
    }

    @Test
    void aSemicolonFollowedByACommentStillHidesTheValue() {
        List<Part> parts = splitter.split("1 + 1; // hidden");
        assertEquals(1, parts.size(), parts.toString());
        assertFalse(parts.get(0).showsValue());
    }

    @Test
    void theOffsetSkipsLeadingBlankLinesAndComments() {
        String code = "\n\n// about x\n   int x = 3;";
        Part part = splitter.split(code).get(0);
        assertStandsAtItsOffset(code, part);
        assertEquals(code.indexOf("int x"), part.offset() + part.source().indexOf("int x"), "what javac reports in the source is found in the cell");
    }

    @Test
    void severalSnippetsOnOneLineKeepTheirColumns() {
        String code = "int a = 1; int b = 2; a * b";
        List<Part> parts = splitter.split(code);
        assertEquals(3, parts.size(), parts.toString());
        parts.forEach(part -> assertStandsAtItsOffset(code, part));
        assertEquals(code.indexOf("a * b"), parts.get(2).offset() + parts.get(2).source().indexOf("a * b"));
    }

    @Test
    void aMethodAndAClassSpanningLinesAreOneSnippetEach() {
        String code = "int twice(int n) {\n    return 2 * n;\n}\nclass Box {\n    int size;\n}\ntwice(3)";
        List<Part> parts = splitter.split(code);
        assertEquals(3, parts.size(), parts.toString());
        parts.forEach(part -> assertStandsAtItsOffset(code, part));
        assertTrue(parts.get(1).source().strip().startsWith("class Box"), parts.toString());
    }

    /**
     * A snippet's source (JShell keeps the blanks and comments before it; a semicolon it added is
     * not in the cell) stands in the cell at its offset: javac's positions in the source plus the
     * offset are positions in the cell.
     */
    private static void assertStandsAtItsOffset(String code, Part part) {
        String source = part.source();
        String inCell = code.startsWith(source, part.offset()) ? source : source.substring(0, source.length() - 1);
        assertTrue(code.startsWith(inCell, part.offset()), "[" + source + "] at " + part.offset() + " of [" + code + "]");
    }

    @Test
    void unfinishedTrailingCodeIsTheLastPartAndIncomplete() {
        List<Part> parts = splitter.split("int a = 1;\nfor (int i = 0; i < 3; i++) {");
        assertEquals(2, parts.size(), parts.toString());
        assertTrue(parts.get(0).complete());
        assertFalse(parts.get(1).complete());
        assertEquals("for (int i = 0; i < 3; i++) {", parts.get(1).source());
    }

    @Test
    void blankCodeHasNoSnippets() {
        assertEquals(List.of(), splitter.split(" \n\t\n"));
        assertEquals(List.of(), splitter.split("// only a comment\n"));
    }

    @Test
    void endsWithSemicolonLooksPastBlanksAndComments() {
        assertTrue(CellSplitter.endsWithSemicolon("x;"));
        assertTrue(CellSplitter.endsWithSemicolon("x; // done\n  /* and\n more */ "));
        assertFalse(CellSplitter.endsWithSemicolon("x"));
        assertFalse(CellSplitter.endsWithSemicolon("x; y"));
        assertFalse(CellSplitter.endsWithSemicolon("\"a;\" + b"));
    }
}
