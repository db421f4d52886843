package dev.conclab.kernel.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The content of the messages the kernel sends (snake_case on the wire). */
public final class Replies {
    private Replies() {}

    /** The reply of every request type that failed: ename, evalue and traceback, as in the error message. */
    public record Error(String status, String ename, String evalue, List<String> traceback, Integer executionCount) {
        public Error(String ename, String evalue, List<String> traceback, Integer executionCount) {
            this("error", ename, evalue, traceback, executionCount);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExecuteOk(String status, int executionCount, List<Map<String, Object>> payload,
                            Map<String, Object> userExpressions) {
        public ExecuteOk(int executionCount, List<Map<String, Object>> payload) {
            this("ok", executionCount, payload, Map.of());
        }
    }

    public record ExecuteAborted(String status, int executionCount) {
        public ExecuteAborted(int executionCount) {
            this("aborted", executionCount);
        }
    }

    public record Complete(String status, List<String> matches, int cursorStart, int cursorEnd, Map<String, Object> metadata) {}

    public record Inspect(String status, boolean found, Map<String, Object> data, Map<String, Object> metadata) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IsComplete(String status, String indent) {}

    public record History(String status, List<List<Object>> history) {}

    public record Shutdown(String status, boolean restart) {}

    public record Interrupt(String status) {}

    public record CommInfo(String status, Map<String, Object> comms) {}

    public record KernelInfo(String status, String protocolVersion, String implementation, String implementationVersion,
                             LanguageInfo languageInfo, String banner, List<HelpLink> helpLinks, boolean debugger) {}

    public record LanguageInfo(String name, String version, String mimetype, String fileExtension,
                               String pygmentsLexer, String codemirrorMode) {}

    public record HelpLink(String text, String url) {}

    /** iopub messages. */
    public record Status(String executionState) {}

    public record ExecuteInput(String code, int executionCount) {}

    public record Stream(String name, String text) {}

    public record DisplayData(JsonNode data, Map<String, Object> metadata,
                              @JsonProperty("transient") Map<String, Object> transientData) {}

    public record ExecuteResult(int executionCount, JsonNode data, Map<String, Object> metadata) {}

    public record ClearOutput(@JsonProperty("wait") boolean waitForNext) {}

    public record ErrorOutput(String ename, String evalue, List<String> traceback) {}

    public record InputRequest(String prompt, boolean password) {}
}
