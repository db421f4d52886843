package dev.conclab.runtime.internal.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.runtime.processes.ProcessTask;
import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.SerialFilter;
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
        try (OutputStream out = Files.newOutputStream(taskFile)) {
            ProcessTask<Integer> task = () -> {
                System.out.println("task of " + System.getProperty(ChildJvms.CHILD_NAME_PROPERTY));
                return 42;
            };
            TaskFile.write(out, NotebookState.captureFor(null, task), task);
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
    void aCellsBurstOfFourChildrenRunsThemAllAndLeavesOneSpareWhichEndEnds(@TempDir Path directory) throws Exception {
        SpareChild spares = new SpareChild();
        List<String> command = ChildJvms.childCommand();
        List<Path[]> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path taskFile = directory.resolve("task" + i + ".ser");
            int number = i;
            try (OutputStream out = Files.newOutputStream(taskFile)) {
                TaskFile.write(out, NotebookState.captureFor(null, null), (ProcessTask<Integer>) () -> {
                    System.out.println("child " + number);
                    return number;
                });
            }
            files.add(new Path[] {taskFile, directory.resolve("outcome" + i + ".ser")});
        }
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            children.add(spares.start(command, "c" + i, files.get(i)[0], files.get(i)[1]));
        }
        for (int i = 0; i < 4; i++) {
            Process child = children.get(i);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child " + i + " did not end within 60 s");
            assertEquals("child " + i + "\n" + ChildMain.OUTCOME_WRITTEN + "\n",
                    new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        // The next spare comes once the burst is over (at once, when the starts came too far apart to be one).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<ProcessHandle> waiting = spares();
        while (waiting.size() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            waiting = spares();
        }
        assertEquals(1, waiting.size(), "one spare after the burst: " + waiting);
        assertTrue(spares.isWaiting(waiting.get(0).pid()));
        spares.end();
        waiting.get(0).onExit().get(10, TimeUnit.SECONDS);
    }

    /** This JVM's child JVMs that wait for a task. */
    private static List<ProcessHandle> spares() {
        return ProcessHandle.current().children()
                .filter(p -> p.isAlive() && List.of(p.info().arguments().orElse(new String[0])).contains(SpareChild.SPARE_ARGUMENT))
                .toList();
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
