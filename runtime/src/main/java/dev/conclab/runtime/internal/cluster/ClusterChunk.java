package dev.conclab.runtime.internal.cluster;

import dev.conclab.runtime.processes.ProcessFunction;
import dev.conclab.runtime.processes.ProcessTask;
import java.util.ArrayList;
import java.util.List;

/** Some inputs of a {@code ClusterPool.map}, applied on a member; a failure says which input threw. */
public record ClusterChunk<T, R>(ProcessFunction<T, R> function, List<T> inputs, int first) implements ProcessTask<List<R>> {
    private static final long serialVersionUID = 1L;

    @Override
    public List<R> call() throws Exception {
        List<R> results = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            try {
                results.add(function.apply(inputs.get(i)));
            } catch (Exception | Error e) {
                throw new ItemFailed(first + i, e);
            }
        }
        return results;
    }

    /** Input {@code index} of the map threw {@code cause}. */
    public static final class ItemFailed extends Exception {
        private static final long serialVersionUID = 1L;
        private final int index;

        ItemFailed(int index, Throwable cause) {
            super("input " + index + " threw " + cause, cause);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }
}
