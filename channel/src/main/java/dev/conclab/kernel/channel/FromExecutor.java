package dev.conclab.kernel.channel;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** What the executor JVM tells the kernel: output as it happens, and answers to requests. */
public sealed interface FromExecutor extends Serializable {

    /** The executor can take requests. */
    record Ready(String javaVersion) implements FromExecutor {}

    /** Text a cell wrote to {@code stream} ("stdout" or "stderr"). */
    record StreamText(String cellId, String stream, String text) implements FromExecutor {}

    /** A rich output; with {@code update}, it replaces the output shown under {@code displayId}. */
    record DisplayData(String cellId, Map<String, String> data, String displayId, boolean update)
            implements FromExecutor {}

    /** Clears a cell's output. */
    record ClearOutput(String cellId, boolean waitForNext) implements FromExecutor {}

    /** A cell reads {@code System.in}: ask the person. */
    record InputRequest(String cellId, String prompt) implements FromExecutor {}

    /** The executor is exiting because user code called {@code System.exit}; {@code where} names the call. */
    record ExitCalled(String where) implements FromExecutor {}

    /**
     * {@code Runtime.halt(status)} was called: the JVM ends next, once it has waited up to 300 ms
     * for its threads in native code (its channel reader always is), so the kernel ends it at once.
     */
    record Halting(int status) implements FromExecutor {}

    /**
     * The compiled code of cell {@code cellId} starts to run. Until then an interrupt only keeps
     * the code from starting; from then on it has to stop running code, within the kernel's grace.
     */
    record CodeStarted(String cellId) implements FromExecutor {}

    /**
     * What the executor found when an interrupt reached cell {@code cellId}: one line for each of
     * the notebook's threads that waited to enter a synchronized block, which no interrupt ends.
     */
    record InterruptFound(String cellId, List<String> monitorWaits) implements FromExecutor {}

    /**
     * Sent once debugging started, for each cell before its code runs: the class each snippet of
     * cell {@code cellId} compiled to, and where each of its lines went in that class.
     */
    record SnippetClasses(String cellId, List<SnippetClass> classes) implements FromExecutor {}

    /**
     * A snippet's JShell class ({@code REPL.$JShell$12}): the snippet starts on cell line
     * {@code firstLine}, and its i-th line is line {@code classLines.get(i)} of the class (0: a
     * blank line). Not one offset: JShell moves a variable's initializer away from its declaration.
     */
    record SnippetClass(String className, int firstLine, List<Integer> classLines) implements Serializable {}

    /** The one answer to the {@link ToExecutor.Request} whose id it carries. */
    sealed interface Answer extends FromExecutor {
        String requestId();
    }

    /** The end of a cell; its request id is the cell's. */
    record ExecuteDone(String cellId, Outcome outcome) implements Answer {
        @Override
        public String requestId() {
            return cellId;
        }
    }

    /** How a cell ended. */
    sealed interface Outcome extends Serializable {}

    /**
     * The cell ran to its end.
     *
     * @param result the MIME bundle of the final expression's value, or null when there is none
     * @param page text to show in the pager (a {@code name?} help request), or null
     */
    record Succeeded(Map<String, String> result, String page) implements Outcome {}

    /** The cell failed: the code did not compile, threw, or was interrupted. */
    record Failed(String name, String message, List<String> traceback) implements Outcome {
        /** A cell interrupted before any of its code ran: by the kernel while the executor started, or by the executor. */
        public static Failed interruptedBeforeItStarted() {
            return new Failed("InterruptedException", "The cell was interrupted before it started: none of its code ran",
                    List.of("\u001b[1;31mInterrupted\u001b[0m: the cell was interrupted before it started, so none of its code ran;"
                            + " the notebook's state is as it was."));
        }
    }

    /** Completions replacing the text between {@code start} and {@code end}; {@code types} match {@code matches}. */
    record Completions(String requestId, List<String> matches, List<String> types, List<String> signatures, int start, int end)
            implements Answer {}

    /** Documentation found for an inspect request, or {@code found == false}. */
    record Documentation(String requestId, boolean found, String text) implements Answer {}

    /** The MIME bundle of a notebook variable, or {@code error} saying why there is none. */
    record VariableDisplay(String requestId, Map<String, String> data, String error) implements Answer {}

    /** The answer to {@link ToExecutor.CheckComplete}: complete, incomplete or invalid. */
    record Completeness(String requestId, String status, String indent) implements Answer {}
}
