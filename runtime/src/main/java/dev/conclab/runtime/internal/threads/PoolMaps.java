package dev.conclab.runtime.internal.threads;

import dev.conclab.runtime.display.ProgressBar;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

/**
 * The part of {@code map} that {@code ThreadPool} and {@code ProcessPool} share, so that both behave
 * alike: every input becomes a task labelled "item N" (the timeline shows that label), results come
 * back in input order, a long map shows a progress bar, and a failure names its task and input.
 */
public final class PoolMaps {
    /** A map of at least this many inputs shows a progress bar. */
    public static final int PROGRESS_FROM = 20;

    private PoolMaps() {}

    /**
     * Submits one task per input with {@code submit} (given the input and its label) and waits for
     * the results in input order.
     *
     * @param failed makes the exception to throw from the description of the failed task
     *     ({@code "task 2 of the map (input 3)"}) and the task's exception
     */
    public static <T, R> List<R> map(Iterable<T> inputs, BiFunction<T, String, Future<R>> submit,
            BiFunction<String, Throwable, RuntimeException> failed) throws InterruptedException {
        List<T> items = new ArrayList<>();
        inputs.forEach(items::add);
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            futures.add(submit.apply(items.get(i), "item " + i));
        }
        // Outside a notebook (tests, a child JVM) there is no cell to show a bar in.
        boolean inACell = NotebookRuntime.routing() != null;
        ProgressBar progress = items.size() >= PROGRESS_FROM && inACell ? ProgressBar.show("map", items.size()) : null;
        List<R> results = new ArrayList<>(items.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).get());
            } catch (ExecutionException e) {
                throw failed.apply("task " + i + " of the map (input " + items.get(i) + ")", e.getCause());
            }
            if (progress != null) {
                progress.advance();
            }
        }
        return results;
    }
}
