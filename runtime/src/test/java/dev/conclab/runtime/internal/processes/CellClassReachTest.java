package dev.conclab.runtime.internal.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import REPL.$JShell$901;
import REPL.$JShell$902;
import REPL.$JShell$904;
import REPL.$JShell$905;
import dev.conclab.runtime.processes.ProcessTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A child gets the variables its task can read, and only those: the test's {@code REPL} classes
 * stand for cells as JShell compiles them, and the test classes' directory for the executor's
 * cell class directory.
 */
class CellClassReachTest {
    private final String before = System.getProperty(ChildJvms.CELL_CLASSES_PROPERTY);

    @AfterEach
    void restoreProperty() {
        if (before == null) {
            System.clearProperty(ChildJvms.CELL_CLASSES_PROPERTY);
        } else {
            System.setProperty(ChildJvms.CELL_CLASSES_PROPERTY, before);
        }
    }

    @Test
    void aTaskGetsTheVariablesItsCellsCodeReadsAlsoThroughAMethodAndNotTheOthers() throws Exception {
        System.setProperty(ChildJvms.CELL_CLASSES_PROPERTY, testClasses().toString());
        $JShell$902.own = 1;
        $JShell$901.used = 40;
        $JShell$904.deep = 100;
        $JShell$905.$5 = IntStream.range(0, 1000).boxed().toList();
        ProcessTask<Integer> task = $JShell$902.task();

        NotebookState state = NotebookState.captureFor($JShell$902.class.getClassLoader(), task);

        assertEquals(Map.of("REPL.$JShell$902", Set.of("own"), "REPL.$JShell$901", Set.of("used"),
                "REPL.$JShell$904", Set.of("deep")), state.names());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        TaskFile.write(file, state, task);
        // As in a child, where the cells' variables start unset.
        $JShell$902.own = 0;
        $JShell$901.used = 0;
        $JShell$904.deep = 0;
        ProcessTask<?> read = TaskFile.restoreAndRead(new ByteArrayInputStream(file.toByteArray()));
        assertEquals(141, read.call());
    }

    @Test
    void theConstantPoolNamesTheClassesACellsCodeUses() throws Exception {
        byte[] cell = java.nio.file.Files.readAllBytes(testClasses().resolve("REPL/$JShell$902.class"));
        List<String> named = CellClassReach.classNames(cell);
        assertEquals(true, named.containsAll(List.of("REPL/$JShell$901", "REPL/$JShell$903")), named.toString());
        assertEquals(false, named.contains("REPL/$JShell$904"), named.toString());
    }

    private static Path testClasses() throws Exception {
        return Path.of($JShell$901.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
