package dev.conclab.runtime.internal.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.runtime.processes.ProcessTask;
import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spare child JVM and the archive's training run, as real JVMs outside a notebook. */
class SpareHandOverTest {

    @Test
    void aSpareHandedItsTaskBeforeItsWarmUpEndsRunsItUnderItsName(@TempDir Path directory) throws Exception {
        Path taskFile = directory.resolve("task.ser");
        Path outcomeFile = directory.resolve("outcome.ser");
        Path stdout = directory.resolve("stdout.txt");
        Path stderr = directory.resolve("stderr.txt");
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(taskFile))) {
            out.writeObject(NotebookState.capture(null));
            ProcessTask<Integer> task = () -> {
                System.out.println("task of " + System.getProperty(ChildJvms.CHILD_NAME_PROPERTY));
                return 42;
            };
            out.writeObject(task);
        }
        List<String> command = new ArrayList<>(ChildJvms.childCommand());
        command.add(SpareChild.SPARE_ARGUMENT);
        Process spare = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).start();
        // Handed over at once, as the second child of a cell that starts several does.
        try (OutputStream in = spare.getOutputStream()) {
            in.write(("early\t" + taskFile + "\t" + outcomeFile + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(spare.waitFor(60, TimeUnit.SECONDS), "the spare did not end within 60 s");
        assertEquals(0, spare.exitValue());
        assertEquals("task of early\n" + ChildMain.OUTCOME_WRITTEN + "\n", Files.readString(stdout));
        assertEquals(ChildMain.OUTCOME_WRITTEN + "\n", Files.readString(stderr));
        try (FilteredInput outcome = new FilteredInput(Files.newInputStream(outcomeFile), SerialFilter.forNotebook("the test"))) {
            assertEquals(new Outcome.Returned(42), outcome.readChecked());
        }
    }

    @Test
    void theArchivesTrainingRunGoesThroughAChildsAndAWorkersStepsWithoutFailing() throws Exception {
        // install.sh runs it with -XX:ArchiveClassesAtExit; a failure there only leaves a note and slower children.
        Process training = new ProcessBuilder(ChildJvms.javaBinary(), "-cp", System.getProperty("java.class.path"),
                ChildArchive.class.getName()).redirectErrorStream(true).start();
        String output = new String(training.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(training.waitFor(60, TimeUnit.SECONDS), "the training run did not end within 60 s");
        assertEquals(0, training.exitValue(), output);
        assertEquals("", output);
    }
}
