package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.processes.ProcessFunction;
import dev.conclab.runtime.processes.ProcessTask;
import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run of a map's inputs that travels to a worker as one task, as Python's {@code Pool.map} sends
 * its chunks. The function is serialized once per map and read once per worker and map
 * ({@link LastFunction}); the inputs and results travel as {@link ChunkValues}. The worker applies
 * the function in input order and stops at the first input that throws, as Python's chunk does.
 *
 * @param function the map's function, serialized
 * @param inputs the chunk's inputs ({@link ChunkValues})
 * @param size how many inputs
 * @param first the index of the first input in the whole map
 */
public record MapChunk(byte[] function, byte[] inputs, int size, int first) implements ProcessTask<MapChunk.Done> {
    private static final String SOURCE = "the pool's parent";

    /** A chunk of {@code inputs}, the first of which is input {@code first} of the map. */
    public static MapChunk of(byte[] function, List<?> inputs, int first) throws NotSerializableException {
        return new MapChunk(function, ChunkValues.encode(inputs), inputs.size(), first);
    }

    @Override
    public Done call() throws Exception {
        return call(new LastFunction());
    }

    /** Runs the chunk with the function {@code last} read, when it is this map's. */
    public Done call(LastFunction last) throws Exception {
        ProcessFunction<Object, Object> applied = last.read(function);
        List<Object> values = new ArrayList<>(size);
        for (Object input : ChunkValues.decode(inputs, SOURCE, null)) {
            try {
                values.add(applied.apply(input));
            } catch (Throwable failure) {
                // The worker's name, given on its command line, goes into the message as a single task's does.
                return new Done(ChunkValues.encode(values), Outcome.Threw.of(failure),
                        System.getProperty(ChildJvms.CHILD_NAME_PROPERTY, "the worker"));
            }
        }
        return new Done(ChunkValues.encode(values), null, null);
    }

    /**
     * What a chunk hands back: the results of the inputs before the first failure (all of them
     * when none failed; {@link ChunkValues}), and that failure with the name of the worker it happened in.
     */
    public record Done(byte[] values, Outcome.Threw failure, String worker) implements Serializable {
        /** The results, read with the notebook's classes. */
        public List<Object> values(ClassLoader notebook, String source) throws IOException, ClassNotFoundException {
            return ChunkValues.decode(values, source, notebook);
        }
    }

    /** The function a worker read last, kept while the chunks of one map come: each would read it again. */
    public static final class LastFunction {
        private byte[] bytes;
        private ProcessFunction<Object, Object> function;

        @SuppressWarnings("unchecked")
        ProcessFunction<Object, Object> read(byte[] serialized) throws IOException, ClassNotFoundException {
            if (!Arrays.equals(bytes, serialized)) {
                try (FilteredInput in = new FilteredInput(new ByteArrayInputStream(serialized), SerialFilter.forNotebook(SOURCE))) {
                    function = (ProcessFunction<Object, Object>) in.readChecked();
                }
                bytes = serialized;
            }
            return function;
        }
    }
}
