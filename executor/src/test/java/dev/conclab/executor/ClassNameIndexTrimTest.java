package dev.conclab.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.QualifiedNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JShell's index of class names is emptied after a cell (about 10 MB of live heap), and code
 * completion, which reads the index's packages, still offers them.
 */
class ClassNameIndexTrimTest {
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
    void afterACellNoClassNameIsIndexedButPackagesStillComplete() throws Exception {
        SourceCodeAnalysis analysis = notebook.jshell.sourceCodeAnalysis();
        notebook.run("int indexed = 1;");
        // The trim runs on JShell's indexer thread after the cell, behind the indexing the
        // cell's class path asked for: wait until the index is built and empty, with a bound.
        long deadline = System.nanoTime() + ScratchNotebook.BOUND.toNanos();
        QualifiedNames names = analysis.listQualifiedNames("ConcurrentSkipListSet", 21);
        while (!(names.isUpToDate() && names.getNames().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            names = analysis.listQualifiedNames("ConcurrentSkipListSet", 21);
        }
        assertTrue(names.isUpToDate(), "JShell's index was not built within " + ScratchNotebook.BOUND);
        assertEquals(List.of(), names.getNames(), "the class-name index was not emptied");

        String prefix = "java.util.con";
        List<String> packages = analysis.completionSuggestions(prefix, prefix.length(), new int[1]).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).toList();
        assertTrue(packages.contains("concurrent."), "package completion lost: " + packages);
    }

}
