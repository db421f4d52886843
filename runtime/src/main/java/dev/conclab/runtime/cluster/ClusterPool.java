package dev.conclab.runtime.cluster;

import dev.conclab.runtime.display.ProgressBar;
import dev.conclab.runtime.internal.cells.Cell;
import dev.conclab.runtime.internal.cells.CellRouting;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.internal.cluster.ClusterChunk;
import dev.conclab.runtime.internal.cluster.ClusterConnection;
import dev.conclab.runtime.internal.cluster.MemberLostException;
import dev.conclab.runtime.internal.cluster.NotebookTask;
import dev.conclab.runtime.internal.cluster.TaskOutcome;
import dev.conclab.runtime.internal.cluster.TaskOutput;
import dev.conclab.runtime.internal.processes.NotebookState;
import dev.conclab.runtime.internal.processes.PoolTasks;
import dev.conclab.runtime.internal.threads.PoolMaps;
import dev.conclab.runtime.processes.ChildFailedException;
import dev.conclab.runtime.processes.ProcessFunction;
import dev.conclab.runtime.processes.ProcessTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the notebook's lambdas on the members of a {@link Cluster}, with {@code ProcessPool}'s
 * shape: {@code map} (results in input order, a progress bar from 20 inputs) and {@code submit}.
 * Tasks go to the members in turn; the cells' classes travel with them, so members started
 * elsewhere run them too. What a task prints streams into the cell that submitted it, labelled
 * with its member. A task whose member leaves the cluster before answering runs again on another
 * member, and the cell is told so; a task that throws fails naming its input and member.
 */
public final class ClusterPool implements AutoCloseable {
    private final ClusterConnection connection;
    private final CellRouting routing = NotebookRuntime.routing();
    private final AtomicInteger turn = new AtomicInteger();
    private final AtomicInteger submitted = new AtomicInteger();

    ClusterPool(ClusterConnection connection) {
        this.connection = connection;
    }

    /** The number of members now in the cluster. */
    public int size() {
        return connection.members().size();
    }

    /** Runs {@code task} on the next member; the future fails with a {@link ChildFailedException} naming the member if it throws. */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submit(ProcessTask<T> task) {
        String label = "task " + submitted.getAndIncrement();
        NotebookState state = NotebookState.capture(task.getClass().getClassLoader());
        return run(PoolTasks.serialized(new NotebookTask(state, task)), label).thenApply(outcome -> {
            if (outcome.failure() != null) {
                throw new ChildFailedException(label + " failed ", "on " + outcome.member() + ": " + outcome.failure(), outcome.failure());
            }
            return (T) outcome.value();
        });
    }

    /** Applies {@code function} to every input on the members; results in input order. About four chunks per member. */
    public <T, R> List<R> map(ProcessFunction<T, R> function, Iterable<T> inputs) throws InterruptedException {
        List<T> items = new ArrayList<>();
        inputs.forEach(items::add);
        int chunks = Math.max(1, size()) * 4;
        return map(function, items, Math.max(1, (items.size() + chunks - 1) / chunks));
    }

    /**
     * {@link #map(ProcessFunction, Iterable)} with {@code chunkSize} inputs per task.
     *
     * @throws ChildFailedException naming the first failed input (in input order) and its member
     */
    @SuppressWarnings("unchecked")
    public <T, R> List<R> map(ProcessFunction<T, R> function, Iterable<T> inputs, int chunkSize) throws InterruptedException {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("a map's chunk size is at least 1, not " + chunkSize);
        }
        List<T> items = new ArrayList<>();
        inputs.forEach(items::add);
        List<CompletableFuture<TaskOutcome>> futures = new ArrayList<>();
        NotebookState state = NotebookState.capture(function.getClass().getClassLoader());
        for (int first = 0; first < items.size(); first += chunkSize) {
            int end = Math.min(items.size(), first + chunkSize);
            String label = end - first == 1 ? "item " + first : "items " + first + "-" + (end - 1);
            ClusterChunk<T, R> chunk = new ClusterChunk<>(function, new ArrayList<>(items.subList(first, end)), first);
            futures.add(run(PoolTasks.serialized(new NotebookTask(state, chunk)), label));
        }
        ProgressBar progress = items.size() >= PoolMaps.PROGRESS_FROM && routing != null ? ProgressBar.show("map", items.size()) : null;
        List<R> results = new ArrayList<>(items.size());
        for (CompletableFuture<TaskOutcome> future : futures) {
            TaskOutcome outcome;
            try {
                outcome = future.get();
            } catch (ExecutionException e) {
                int index = results.size();
                throw new ChildFailedException("task " + index + " of the map (input " + items.get(index) + ") failed: ",
                        String.valueOf(e.getCause().getMessage()), e.getCause());
            }
            if (outcome.failure() != null) {
                Throwable failure = outcome.failure();
                int index = failure instanceof ClusterChunk.ItemFailed item ? item.index() : results.size();
                Throwable cause = failure instanceof ClusterChunk.ItemFailed ? failure.getCause() : failure;
                throw new ChildFailedException("task " + index + " of the map (input " + items.get(index) + ") failed ",
                        "on " + outcome.member() + ": " + cause, cause);
            }
            for (Object value : (List<Object>) outcome.value()) {
                results.add((R) value);
                if (progress != null) {
                    progress.advance();
                }
            }
        }
        return results;
    }

    /** Nothing to end: the members belong to the cluster. Kept for try-with-resources, as ProcessPool. */
    @Override
    public void close() {}

    /** Sends the task to a member; if that member leaves before answering, to another, until none is left. */
    private CompletableFuture<TaskOutcome> run(byte[] task, String label) {
        Cell cell = routing == null ? null : routing.current();
        CompletableFuture<TaskOutcome> result = new CompletableFuture<>();
        attempt(task, label, cell, new HashSet<>(), result);
        return result;
    }

    private void attempt(byte[] task, String label, Cell cell, Set<String> lost, CompletableFuture<TaskOutcome> result) {
        List<String> members = connection.members().stream().filter(m -> !lost.contains(m)).toList();
        if (members.isEmpty()) {
            result.completeExceptionally(new IllegalStateException("no member is left to run " + label
                    + (lost.isEmpty() ? "" : "; lost: " + lost)));
            return;
        }
        String member = members.get(Math.floorMod(turn.getAndIncrement(), members.size()));
        connection.submit(member, task, output(cell)).whenComplete((outcome, failure) -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            if (cause instanceof MemberLostException gone) {
                lost.add(gone.member());
                print(cell, false, "[cluster] " + gone.member() + " left the cluster while running " + label
                        + "; it runs again on another member");
                attempt(task, label, cell, lost, result);
            } else if (cause != null) {
                result.completeExceptionally(cause);
            } else {
                if (routing != null) {
                    routing.work().taskRan(outcome.member(), label, outcome.startNanos(), outcome.endNanos());
                }
                result.complete(outcome);
            }
        });
    }

    private TaskOutput output(Cell cell) {
        return (member, stderr, text) -> print(cell, stderr, "[" + member + "] " + text);
    }

    private void print(Cell cell, boolean stderr, String line) {
        if (routing == null || cell == null) {
            (stderr ? System.err : System.out).println(line);
        } else {
            routing.runAs(cell, () -> (stderr ? NotebookRuntime.err() : NotebookRuntime.out()).println(line));
        }
    }
}
