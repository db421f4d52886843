package dev.conclab.runtime.processes;

import dev.conclab.runtime.display.ProgressBar;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.internal.processes.MapChunk;
import dev.conclab.runtime.internal.processes.PoolTasks;
import dev.conclab.runtime.internal.threads.PoolMaps;
import java.io.IOException;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * {@link ProcessPool#map} in chunks, as Python's {@code Pool.map}: a task per input would pay a
 * round trip over the pipes and a copy of the function for every input (490 ms for 1,000 trivial
 * inputs on 2 workers, against Python's 4 ms). Results come back in input order and a failure
 * names its input, as the thread pool's map says it ({@link PoolMaps}); unlike the thread pool's, its
 * progress bar shows only once the map has run {@value #PROGRESS_AFTER_MILLIS} ms.
 */
final class PoolMap {
    /** How long a map runs before it shows its progress bar. */
    static final long PROGRESS_AFTER_MILLIS = 100;

    private PoolMap() {}

    /** Python's default: about four chunks per worker, so that a slow chunk leaves the others work to share. */
    static int chunkSize(int inputs, int workers) {
        int chunks = workers * 4;
        return Math.max(1, inputs / chunks + (inputs % chunks == 0 ? 0 : 1));
    }

    /**
     * Sends the chunks with {@code submitAll} (given each chunk and its label on the timeline, all
     * at once, so that the workers' feeders wake once per map rather than once per chunk) and
     * gathers their results in input order.
     */
    @SuppressWarnings("unchecked")
    static <T, R> List<R> map(ProcessFunction<T, R> function, Iterable<T> inputs, int chunkSize,
            BiFunction<List<MapChunk>, List<String>, List<CompletableFuture<MapChunk.Done>>> submitAll) throws InterruptedException {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("a map's chunk size is at least 1, not " + chunkSize);
        }
        List<T> items = new ArrayList<>();
        inputs.forEach(items::add);
        byte[] functionBytes = PoolTasks.serialized(function);
        List<MapChunk> toSend = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int first = 0; first < items.size(); first += chunkSize) {
            int end = Math.min(items.size(), first + chunkSize);
            labels.add(end - first == 1 ? "item " + first : "items " + first + "-" + (end - 1));
            toSend.add(chunk(functionBytes, items.subList(first, end), first));
        }
        List<CompletableFuture<MapChunk.Done>> chunks = submitAll.apply(toSend, labels);
        ProgressBar progress = waitOrShowProgress(chunks, items.size());
        ClassLoader notebook = function.getClass().getClassLoader();
        List<R> results = new ArrayList<>(items.size());
        for (int c = 0; c < chunks.size(); c++) {
            int first = c * chunkSize;
            MapChunk.Done done;
            try {
                done = chunks.get(c).get();
            } catch (ExecutionException e) {
                // The chunk as a whole failed (its worker ended): name its first input.
                throw failed(first, items.get(first), e.getCause());
            }
            for (Object value : results(done, notebook, first, items)) {
                results.add((R) value);
                if (progress != null) {
                    progress.advance();
                }
            }
            if (done.failure() != null) {
                int index = results.size(); // every earlier chunk gave all its results
                String task = task(index, items.get(index));
                Throwable cause = done.failure().cause(notebook, "the exception of " + task);
                throw new ChildFailedException(task + " failed ", "in " + done.worker() + ": "
                        + done.failure().inChild(done.worker(), cause), cause);
            }
        }
        return results;
    }

    /**
     * Waits until every chunk is done or one has failed, in one wake-up rather than one per chunk;
     * a map of {@link PoolMaps#PROGRESS_FROM} inputs or more in a cell that is still running after
     * {@value #PROGRESS_AFTER_MILLIS} ms shows a progress bar instead, and its chunks are then
     * awaited one by one. A bar for a quicker map would show in the cell already full, and sending
     * it cost the map more than its work (2-9 ms against Python's 0.7 for 1,000 small inputs).
     *
     * @return the bar, or null when none is shown
     */
    private static ProgressBar waitOrShowProgress(List<CompletableFuture<MapChunk.Done>> chunks, int inputs)
            throws InterruptedException {
        CompletableFuture<Object> failure = new CompletableFuture<>();
        for (CompletableFuture<MapChunk.Done> chunk : chunks) {
            chunk.whenComplete((done, thrown) -> {
                if (thrown != null || done.failure() != null) {
                    failure.complete(null); // its results (in input order) are read by the caller
                }
            });
        }
        CompletableFuture<Object> over = CompletableFuture.anyOf(
                CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)), failure);
        // Outside a notebook (tests, a child JVM) there is no cell to show a bar in.
        boolean barWanted = inputs >= PoolMaps.PROGRESS_FROM && NotebookRuntime.routing() != null;
        try {
            if (!barWanted) {
                over.get();
                return null;
            }
            over.get(PROGRESS_AFTER_MILLIS, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return null; // a chunk failed as a whole: the caller reads which, in input order
        } catch (TimeoutException e) {
            return ProgressBar.show("map", inputs);
        }
    }

    private static MapChunk chunk(byte[] function, List<?> inputs, int first) {
        try {
            return MapChunk.of(function, inputs, first);
        } catch (NotSerializableException e) {
            throw new RejectedExecutionException("a ProcessPool's map copies its inputs to the worker JVMs, and an input"
                    + " of items " + first + "-" + (first + inputs.size() - 1) + " is or holds a " + e.getMessage()
                    + ", which is not Serializable; map over Serializable values (numbers, strings, records of them)", e);
        }
    }

    /** The chunk's results; those that cannot be read fail as the chunk's first input. */
    private static List<Object> results(MapChunk.Done done, ClassLoader notebook, int first, List<?> items) {
        String task = task(first, items.get(first));
        try {
            return done.values(notebook, "the results of " + task);
        } catch (IOException | ClassNotFoundException e) {
            throw new ChildFailedException(task + " failed: ", "its results could not be read: " + e, e);
        }
    }

    private static String task(int index, Object input) {
        return "task " + index + " of the map (input " + input + ")";
    }

    private static ChildFailedException failed(int index, Object input, Throwable cause) {
        String task = task(index, input);
        return cause instanceof ChildFailedException failed ? failed.renamed(task + " failed ")
                : new ChildFailedException(task + " failed: ", String.valueOf(cause), cause);
    }
}
