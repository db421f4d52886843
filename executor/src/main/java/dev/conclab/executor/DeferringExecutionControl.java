package dev.conclab.executor;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution, with two changes: while a cell is being compiled, the code of its
 * snippets is recorded instead of run, so that the whole cell can run after all of it compiled;
 * and the code runs on the notebook's {@link MainThread}, not on a thread of JShell's.
 *
 * <p>Without this, JShell compiles each snippet just before running it: javac then competes for
 * the CPU with the threads the previous snippets started, and an experiment that starts two threads
 * in two statements measures the compiler too.
 */
final class DeferringExecutionControl extends LocalExecutionControl {

    /** The entry point of one compiled snippet, to be run later. */
    record Invocation(String className, String methodName) {}

    /** The class JShell (JDK 21+) generates to hold its stop flag. */
    private static final String JSHELL_STOP_CLASS = "REPL.$Cancel$";

    private final List<Invocation> deferred = new ArrayList<>();
    /** JShell's stop flag, empty on JDKs without one; null until {@link #prepare()}. */
    private Optional<Field> stopFlag;
    private MainThread mainThread;
    private final CellClasses cellClasses;
    /**
     * The class loader of the notebook's snippet classes, once one loaded; null in the warm-up's
     * JShell. Read by the kernel's debugger over JDI (JdiSession): the warm-up JShell's classes
     * have the same names as the notebook's ({@code REPL.$JShell$12}), only their loader tells them apart.
     */
    @SuppressWarnings("unused")
    private volatile ClassLoader notebookLoader;
    /**
     * Whether this is the notebook's JShell: read by the debugger while {@link #load} loads the
     * first cell's classes, which JShell prepares before {@link #notebookLoader} can be set.
     */
    @SuppressWarnings("unused")
    private final boolean notebook;
    private boolean deferring;
    private Throwable lastUserThrowable;

    DeferringExecutionControl(CellClasses cellClasses) {
        this.cellClasses = cellClasses;
        this.notebook = cellClasses.kept();
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.load(classes);
        cellClasses.save(classes);
        if (notebookLoader == null && notebook && classes.length > 0) {
            try {
                notebookLoader = findClass(classes[0].name()).getClassLoader();
            } catch (ClassNotFoundException e) {
                // Just loaded, so found; a debugger would only miss the notebook's variables.
            }
        }
    }

    @Override
    public void redefine(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.redefine(classes);
        cellClasses.save(classes);
    }

    /** From now on, record snippet code instead of running it. */
    void startDeferring() {
        deferred.clear();
        deferring = true;
    }

    /** Stops recording and returns what was recorded, in order. */
    List<Invocation> stopDeferring() {
        deferring = false;
        List<Invocation> recorded = List.copyOf(deferred);
        deferred.clear();
        return recorded;
    }

    /** The invocation recorded {@code index}th since deferring started. */
    Invocation deferred(int index) {
        return deferred.get(index);
    }

    /** How many invocations were recorded since deferring started. */
    int deferredCount() {
        return deferred.size();
    }

    @Override
    public String invoke(String className, String methodName) throws RunException, InternalException, EngineTerminationException {
        if (deferring) {
            deferred.add(new Invocation(className, methodName));
            return "";
        }
        lastUserThrowable = null;
        try {
            return super.invoke(className, methodName);
        } finally {
            clearStopFlag();
        }
    }

    /** A new cell starts: a stop meant for an earlier cell does not stop its first snippet. */
    void forgetPendingStop() {
        if (mainThread != null) {
            mainThread.forgetPendingStop();
        }
    }

    /** Whether the calling thread is the one that runs snippets. */
    boolean onMainThread() {
        return mainThread != null && mainThread.isCurrentThread();
    }

    /** From now on snippets run on {@code thread}; before any snippet runs. */
    void runOn(MainThread thread) {
        this.mainThread = thread;
    }

    /**
     * Lets JShell make what it needs before the first snippet runs (on JDK 21 and newer, the
     * class of its stop flag), by running nothing its own way once. JShell's way also sets a
     * default handler for uncaught exceptions that swallows them (JDK 17); it is put back.
     */
    void prepare() throws Exception {
        Thread.UncaughtExceptionHandler notebooks = Thread.getDefaultUncaughtExceptionHandler();
        try {
            Method nothing = DeferringExecutionControl.class.getDeclaredMethod("nothing");
            nothing.setAccessible(true);
            super.invoke(nothing);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(notebooks);
        }
        stopFlag = findStopFlag();
    }

    private static void nothing() {}

    /**
     * Runs a snippet's code on the notebook's main thread instead of JShell's thread of the
     * moment, whose group swallowed uncaught exceptions and whose name no program expects.
     */
    @Override
    protected String invoke(Method doitMethod) throws Exception {
        if (mainThread == null || stopFlag == null) {
            throw new InternalException("the executor runs no snippet before prepare() and runOn()");
        }
        clearStopFlag();
        try {
            mainThread.run(doitMethod);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ThreadDeath) {
                throw new StoppedException();
            }
            throw e;
        }
        // JShell would show the value's text; the cell reads the value itself, when it shows it.
        return "";
    }

    /**
     * Stops the snippet running now, or the cell's next one before it starts. On JDK 21 and newer
     * through JShell's flag, which the code's loops check, and an interrupt for code that waits;
     * on older JDKs with {@code Thread.stop}, as JShell itself does.
     */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() throws EngineTerminationException, InternalException {
        if (mainThread == null) {
            return;
        }
        mainThread.stopUserCode(thread -> {
            if (stopFlag != null && stopFlag.isPresent()) {
                setStopFlag(true);
                thread.interrupt();
            } else {
                try {
                    thread.stop();
                } catch (UnsupportedOperationException e) {
                    thread.interrupt();
                }
            }
        });
    }

    @Override
    public void close() {
        if (mainThread != null) {
            mainThread.close();
        }
        super.close();
    }

    /**
     * On JDK 21 and newer JShell stops code by setting one flag that every snippet's loops check,
     * and clears it only when the next snippet starts: until then, the threads earlier cells left
     * running die at their next loop. Clearing it as soon as the stopped snippet has ended keeps
     * an interrupt to the cell it was meant for.
     */
    private void clearStopFlag() {
        setStopFlag(false);
    }

    private void setStopFlag(boolean stop) {
        try {
            if (stopFlag != null && stopFlag.isPresent()) {
                stopFlag.get().setBoolean(null, stop);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("conclab: could not " + (stop ? "set" : "clear") + " JShell's stop flag (" + e
                    + "); threads of earlier cells may stop with this one");
        }
    }

    /** JShell's stop flag, which {@link #prepare()} made JShell define; empty on JDKs without one. */
    private Optional<Field> findStopFlag() {
        try {
            Field allStop = findClass(JSHELL_STOP_CLASS).getDeclaredField("allStop");
            allStop.setAccessible(true);
            return Optional.of(allStop);
        } catch (ClassNotFoundException | NoSuchFieldException e) {
            // JDK 17 to 20 stop the running thread only (Thread.stop); there is no flag.
            return Optional.empty();
        } catch (RuntimeException e) {
            System.err.println("conclab: could not find JShell's stop flag (" + e + "); threads of earlier cells may stop with this one");
            return Optional.empty();
        }
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        // JShell asks for a new variable's value right after "running" it; while deferring the
        // variable is not set yet, and calling its toString() here would run user code early.
        return deferring ? "" : super.varValue(className, varName);
    }

    @Override
    protected String throwConvertedInvocationException(Throwable cause) throws RunException, InternalException {
        // JShell keeps only the text of an exception; the cell shows its causes and real frames.
        lastUserThrowable = cause;
        return super.throwConvertedInvocationException(cause);
    }

    /** The exception user code threw in the last failed invocation, with its causes. */
    Throwable lastUserThrowable() {
        return lastUserThrowable;
    }

    /** Reads a static field of a snippet's class: how a cell's final value is read as an object. */
    Object staticField(String className, String fieldName) throws ReflectiveOperationException {
        var field = findClass(className).getDeclaredField(fieldName);
        field.setAccessible(true);
        return field.get(null);
    }

    /** Hands JShell the one control a {@link CellRunner} works with. */
    static final class Provider implements ExecutionControlProvider {
        private final DeferringExecutionControl control;

        Provider(CellClasses cellClasses) {
            this.control = new DeferringExecutionControl(cellClasses);
        }

        DeferringExecutionControl control() {
            return control;
        }

        @Override
        public String name() {
            return "conclab-deferring-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
