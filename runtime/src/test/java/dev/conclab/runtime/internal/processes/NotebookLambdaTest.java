package dev.conclab.runtime.internal.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.runtime.processes.ProcessFunction;
import dev.conclab.runtime.processes.ProcessTask;
import java.io.InvalidObjectException;
import org.junit.jupiter.api.Test;

/** A map's function and a task as a pool's worker reads them from the bytes its parent wrote. */
class NotebookLambdaTest {

    @Test
    void aLambdaTravelsAsItsBodyAndCapturedValuesAndBehavesAsTheLambdaInTheWorker() throws Exception {
        int offset = 40;
        String suffix = "!";
        ProcessFunction<Integer, String> function = x -> (x + offset) + suffix;
        NotebookLambda travelling = NotebookLambda.of(function, ProcessFunction.class);
        assertNotNull(travelling, "a static lambda of an allowed class travels as its body");
        assertEquals(2, travelling.captured().length);

        ProcessFunction<Object, Object> linked = MapChunk.readFunction(PoolTasks.serialized(function));
        assertEquals("42!", linked.apply(2));
        // The lambda's class would cast the input to Integer: so does the linked handle.
        assertThrows(ClassCastException.class, () -> linked.apply("two"));
        ProcessFunction<Integer, Integer> throwing = x -> {
            throw new IllegalStateException("bad " + x);
        };
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> MapChunk.readFunction(PoolTasks.serialized(throwing)).apply(7));
        assertEquals("bad 7", thrown.getMessage(), "what the body throws comes out as it is, for the task's traceback");

        ProcessTask<Integer> task = () -> offset + 2;
        assertEquals(42, NotebookLambda.task(MapChunk.readFunctionObject(PoolTasks.serialized(task))).call());
    }

    @Test
    void aMethodReferenceTravelsAsTheJdkSerializesIt() throws Exception {
        ProcessFunction<String, Integer> length = String::length;
        assertNull(NotebookLambda.of(length, ProcessFunction.class), "its body is the JDK's method, not a lambda's");
        assertEquals(4, MapChunk.readFunction(PoolTasks.serialized(length)).apply("four"));
    }

    @Test
    void onlyTheBodyOfALambdaInTheNotebooksClassesIsLinked() {
        NotebookLambda jdk = new NotebookLambda("java/lang/Runtime", "lambda$exit$0", "()Ljava/lang/Object;", new Object[0]);
        InvalidObjectException notNotebook = assertThrows(InvalidObjectException.class, () -> NotebookLambda.task(jdk));
        assertTrue(notNotebook.getMessage().contains("lambdas of the notebook's classes only"), notNotebook.getMessage());

        NotebookLambda notALambda = new NotebookLambda("dev/conclab/runtime/internal/processes/PoolWarmUp", "run", "()V",
                new Object[0]);
        InvalidObjectException method = assertThrows(InvalidObjectException.class, () -> NotebookLambda.task(notALambda));
        assertInstanceOf(NoSuchMethodException.class, method.getCause());
        assertTrue(method.getMessage().contains("is not the body of a lambda"), method.getMessage());
    }
}
