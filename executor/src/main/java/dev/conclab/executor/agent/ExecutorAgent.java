package dev.conclab.executor.agent;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;

/**
 * The executor JVM's Java agent ({@code -javaagent:conclab-executor.jar}): it makes tasks given to
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
        openThreadNumbering(instrumentation);
        shortenReplPurge(instrumentation);
        // Weaving at once and then unhooking keeps class loading fast for the rest of the JVM's
        // life: a registered transformer is shown every class that loads, javac's thousands too.
        TaskTransformer transformer = new TaskTransformer();
        instrumentation.addTransformer(transformer, true);
        try {
            for (String name : TaskTransformer.WOVEN) {
                Class.forName(name, false, null);
            }
            instrumentation.retransformClasses(Thread.class, Runtime.class);
            if (Runtime.version().feature() >= 21) {
                instrumentation.retransformClasses(Class.forName(TaskTransformer.VIRTUAL_THREAD.replace('/', '.'), false, null));
            }
        } catch (ClassNotFoundException | UnmodifiableClassException e) {
            System.err.println("conclab: " + e.getMessage() + "; the output of some tasks follows their threads,"
                    + " and Cells.stop may miss threads");
        }
        try {
            instrumentation.retransformClasses(Object.class, Throwable.class);
        } catch (UnmodifiableClassException | RuntimeException e) {
            System.err.println("conclab: objects of notebook classes print with JShell's class names (" + e + ")");
        } finally {
            instrumentation.removeTransformer(transformer);
        }
    }

    /** JShell's clean-up after each compilation walks only its own classes: {@link ReplPurgeTransformer}. */
    private static void shortenReplPurge(Instrumentation instrumentation) {
        ReplPurgeTransformer transformer = new ReplPurgeTransformer();
        instrumentation.addTransformer(transformer);
        try {
            // Symtab first: TaskFactory is changed only if Symtab was.
            ClassLoader loader = ClassLoader.getSystemClassLoader();
            Class.forName(ReplPurgeTransformer.SYMTAB.replace('/', '.'), false, loader);
            Class.forName(ReplPurgeTransformer.TASK_FACTORY.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            System.err.println("conclab: JShell's clean-up after each compilation walks all of javac's classes (" + e + ")");
        } finally {
            instrumentation.removeTransformer(transformer);
        }
    }

    /** The executor numbers the notebook's threads from {@code Thread-0} again: {@code ThreadNumbers}. */
    private static void openThreadNumbering(Instrumentation instrumentation) {
        Module executor = ExecutorAgent.class.getModule();
        instrumentation.redefineModule(Thread.class.getModule(), java.util.Set.of(), java.util.Map.of(),
                java.util.Map.of("java.lang", java.util.Set.of(executor), "java.util.concurrent", java.util.Set.of(executor)),
                java.util.Set.of(), java.util.Map.of());
    }
}
