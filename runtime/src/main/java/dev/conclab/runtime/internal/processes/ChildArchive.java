package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.processes.ProcessTask;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What install.sh runs, with {@code -XX:ArchiveClassesAtExit}, to make the children's class-data
 * archive ({@value ChildJvms#ARCHIVE} beside the runtime jar): the steps of a child and of a pool
 * worker on tasks of its own, so that the classes they load (object streams, the filter, the
 * runtime's, the lambda links) are archived. Children and workers map the archive instead of
 * loading, parsing and verifying those classes at each start. It is made at install time, never
 * in the background of a notebook, where it would take the cores from the children a lesson times.
 */
public final class ChildArchive {
    private ChildArchive() {}

    public static void main(String[] args) throws Exception {
        // A child's own first steps too (its entry point, the parent watch, the task and outcome
        // files), which a spare runs before its warm-up and a task after it.
        ChildMain.watchParent(Long.toString(ProcessHandle.current().parent().orElseThrow().pid()));
        SpareWarmUp.run(() -> false);
        Path taskFile = Files.createTempFile("conclab-archive-task-", ".ser");
        Path outcomeFile = Files.createTempFile("conclab-archive-outcome-", ".ser");
        try {
            try (OutputStream out = Files.newOutputStream(taskFile)) {
                TaskFile.write(out, NotebookState.captureFor(null, null), (ProcessTask<Integer>) () -> 1);
            }
            if (ChildMain.run(taskFile, outcomeFile) != 0) {
                throw new IllegalStateException("the archive's own child task failed");
            }
        } finally {
            Files.deleteIfExists(taskFile);
            Files.deleteIfExists(outcomeFile);
        }
        MapChunk chunk = MapChunk.of(PoolTasks.serialized((Integer x) -> x * 2),
                IntStream.range(0, 125).boxed().toList(), 0);
        MapChunk.Applied applied = MapChunk.apply(MapChunk.readFunction(chunk.function()), chunk.inputs());
        List<Object> doubled = new MapChunk.Done(applied.values(), null, "the archive").values(null, "the archive's own map");
        if (doubled.size() != 125) {
            throw new IllegalStateException("the archive's own map gave " + doubled.size() + " results, not 125");
        }
    }
}
