package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.processes.ProcessFunction;
import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of a map's inputs that travels to a worker as one task, as Python's {@code Pool.map} sends
 * its chunks. The function is serialized once per map, sent once per worker and map ahead of the
 * chunks ({@link PoolWire#FUNCTION}: the chunks of one map share the same array, which is how a
 * worker's feeder knows it was sent), and read once there; the inputs and results travel as
 * {@link ChunkValues}. The worker applies the function in input order and stops at the first input
 * that throws, as Python's chunk does.
 *
 * @param function the map's function, serialized
 * @param inputs the chunk's inputs ({@link ChunkValues})
 * @param size how many inputs
 * @param first the index of the first input in the whole map
 */
public record MapChunk(byte[] function, byte[] inputs, int size, int first) implements PoolRequest {
    private static final String SOURCE = "the pool's parent";

    /** A chunk of {@code inputs}, the first of which is input {@code first} of the map. */
    public static MapChunk of(byte[] function, List<?> inputs, int first) throws NotSerializableException {
        return new MapChunk(function, ChunkValues.encode(inputs), inputs.size(), first);
    }

    /** A map's function, read in a worker from the bytes of {@link PoolWire#FUNCTION}. */
    static ProcessFunction<Object, Object> readFunction(byte[] serialized) throws IOException, ClassNotFoundException {
        return NotebookLambda.function(readFunctionObject(serialized));
    }

    /** What the bytes of a function or task hold ({@link PoolTasks#serialized}), read through the filter, not yet linked. */
    static Object readFunctionObject(byte[] serialized) throws IOException, ClassNotFoundException {
        if (NotebookLambda.isOne(serialized)) {
            return NotebookLambda.read(serialized);
        }
        try (FilteredInput in = new FilteredInput(new ByteArrayInputStream(serialized), SerialFilter.forNotebook(SOURCE))) {
            return in.readChecked();
        }
    }

    /**
     * What a worker made of a chunk: the results before the first input that threw (all of them
     * when none did), as {@link ChunkValues}, and what it threw, or null.
     */
    record Applied(byte[] values, Throwable failure) {}

    /** Applies {@code function} to the chunk's {@code inputs} in order, up to the first that throws. */
    static Applied apply(ProcessFunction<Object, Object> function, byte[] inputs) throws IOException, ClassNotFoundException {
        List<Object> decoded = ChunkValues.decode(inputs, SOURCE, null);
        List<Object> values = new ArrayList<>(decoded.size());
        for (Object input : decoded) {
            try {
                values.add(function.apply(input));
            } catch (Throwable failure) {
                return new Applied(ChunkValues.encode(values), failure);
            }
        }
        return new Applied(ChunkValues.encode(values), null);
    }

    /**
     * What a chunk hands back: the results of the inputs before the first failure (all of them
     * when none failed; {@link ChunkValues}), and that failure with the name of the worker it happened in.
     */
    public record Done(byte[] values, Outcome.Threw failure, String worker) {
        /** The results, read with the notebook's classes. */
        public List<Object> values(ClassLoader notebook, String source) throws IOException, ClassNotFoundException {
            return ChunkValues.decode(values, source, notebook);
        }
    }
}
