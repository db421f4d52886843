package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.processes.ProcessFunction;
import dev.conclab.runtime.processes.ProcessTask;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of a map's inputs that travels to a worker as one task, as Python's {@code Pool.map} sends
 * its chunks: the function crosses the pipe once per chunk instead of once per input, and the
 * results come back together. The worker applies the function in input order and stops at the
 * first input that throws, as Python's chunk does.
 *
 * @param first the index of {@code inputs[0]} in the whole map
 */
public record MapChunk<T, R>(ProcessFunction<T, R> function, List<T> inputs, int first) implements ProcessTask<MapChunk.Done> {
    @Override
    public Done call() {
        List<Object> values = new ArrayList<>(inputs.size());
        for (T input : inputs) {
            try {
                values.add(function.apply(input));
            } catch (Throwable failure) {
                // The worker's name, given on its command line, goes into the message as a single task's does.
                return new Done(values, Outcome.Threw.of(failure), System.getProperty(ChildJvms.CHILD_NAME_PROPERTY, "the worker"));
            }
        }
        return new Done(values, null, null);
    }

    /**
     * What a chunk hands back: the results of the inputs before the first failure (all of them
     * when none failed), and that failure with the name of the worker it happened in.
     */
    public record Done(List<Object> values, Outcome.Threw failure, String worker) implements Serializable {}
}
