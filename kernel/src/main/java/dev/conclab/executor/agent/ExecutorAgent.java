package dev.conclab.executor.agent;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;

/**
 * The executor JVM's Java agent ({@code -javaagent:conclab-kernel.jar}): it makes tasks given to
 * the JDK's executors write into the cell that submitted them, the way OpenTelemetry's agent
 * carries its context through executors.
 */
public final class ExecutorAgent {
    private ExecutorAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        try {
            HookFields.define(instrumentation);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("conclab: output of pool tasks follows their threads, not the cells that submitted them (" + e + ")");
            return;
        }
        // Weaving at once and then unhooking keeps class loading fast for the rest of the JVM's
        // life: a registered transformer is shown every class that loads, javac's thousands too.
        TaskTransformer transformer = new TaskTransformer();
        instrumentation.addTransformer(transformer, true);
        try {
            for (String name : TaskTransformer.WOVEN) {
                Class.forName(name, false, null);
            }
            instrumentation.retransformClasses(Thread.class);
            if (Runtime.version().feature() >= 21) {
                instrumentation.retransformClasses(Class.forName(TaskTransformer.VIRTUAL_THREAD.replace('/', '.'), false, null));
            }
        } catch (ClassNotFoundException | UnmodifiableClassException e) {
            System.err.println("conclab: " + e.getMessage() + "; the output of some tasks follows their threads,"
                    + " and Cells.stop may miss threads");
        } finally {
            instrumentation.removeTransformer(transformer);
        }
    }
}
