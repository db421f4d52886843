package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.processes.ProcessFunction;
import dev.conclab.runtime.processes.ProcessTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * What a pool worker does once at its start, before its first request: the steps of a map's chunk
 * (read the inputs, apply, write the results and the answer's frame) on small chunks of its own,
 * a few hundred times, so that the JIT has compiled them when the notebook's first maps come. In
 * the interpreter each chunk of 125 values cost a young worker 300-400 µs for the first hundred
 * chunks or so (docs/benchmarks.md, issue 13 part 4), while Python's workers are ready at once.
 * It costs about 15 ms of CPU and the function's link below as much again, in a worker's start
 * of about 100 ms of CPU (measured at a load of 6, with the children's archive).
 */
public final class PoolWarmUp {
    /** Past the JIT's first tier (200 calls, or a loop's 2,000 turns in 100 calls). */
    private static final int ROUNDS = 300;

    private PoolWarmUp() {}

    /** In a worker: the chunk steps, then the reading of a map's function. */
    static void worker() {
        run();
        function();
    }

    /**
     * Links functions as a map's come: a notebook's lambda ({@link NotebookLambda}), called by
     * reflection, of a few shapes (with captured values, a task); and one that travels as a JDK
     * SerializedLambda (a method reference), whose first link in a JVM loads and runs the JDK's
     * lambda factory cold, about 15 ms.
     */
    private static void function() {
        try {
            int offset = 1;
            link((ProcessFunction<Object, Object>) value -> value, "one");
            link((ProcessFunction<Integer, Integer>) x -> x * 2, 4);
            link((ProcessFunction<Integer, Integer>) x -> x + offset, 4);
            link((ProcessFunction<Long, Long>) x -> x * 2, 4L);
            link((ProcessFunction<String, Integer>) String::length, "four");
            NotebookLambda.task(MapChunk.readFunctionObject(PoolTasks.serialized((ProcessTask<Object>) () -> 1))).call();
        } catch (Exception e) {
            // Only a head start, as above.
        }
    }

    /** Links {@code function} as a worker does and calls it as often as the JIT's first tier wants. */
    private static void link(ProcessFunction<?, ?> function, Object input) throws Exception {
        ProcessFunction<Object, Object> linked = MapChunk.readFunction(PoolTasks.serialized(function));
        for (int i = 0; i < ROUNDS; i++) {
            linked.apply(input);
        }
    }

    /** The chunk steps, in a worker or in the parent that makes a pool. */
    public static void run() {
        ProcessFunction<Object, Object> same = value -> value;
        List<Object> values = Arrays.asList(1, 2L, 3.0, true, null, "four", 5, 6, 7, 8);
        try {
            for (int i = 0; i < ROUNDS; i++) {
                MapChunk.Applied applied = MapChunk.apply(same, ChunkValues.encode(values));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                PoolWire.writeChunkDone(out, false, applied.values(), null);
                out.flush();
                PoolWire.Answer answer = PoolWire.readAnswer(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                ChunkValues.decode(((PoolWire.ChunkDone) answer).values(), "a pool worker's warm-up", null);
            }
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            // Only a head start: the first chunk will meet and report whatever failed here.
        }
    }
}
