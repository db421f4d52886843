package dev.conclab.kernel.core;

import dev.conclab.kernel.channel.FromExecutor;
import dev.conclab.kernel.channel.ToExecutor;
import dev.conclab.kernel.execution.ExecutorSupervisor;
import dev.conclab.kernel.history.History;
import dev.conclab.kernel.output.CellOutputs;
import dev.conclab.kernel.protocol.Message;
import dev.conclab.kernel.protocol.Publisher;
import dev.conclab.kernel.protocol.Replies;
import dev.conclab.kernel.protocol.RequestContent;
import java.util.List;
import java.util.Map;

/**
 * Runs one execute_request: numbers the cell, publishes its input, runs it in the executor,
 * publishes its result or its one error message, records history, and builds the reply.
 */
final class CellExecution {
    private final ExecutorSupervisor executor;
    private final Publisher iopub;
    private final CellOutputs outputs;
    private final History history;
    private int executionCount;

    CellExecution(ExecutorSupervisor executor, Publisher iopub, CellOutputs outputs, History history) {
        this.executor = executor;
        this.iopub = iopub;
        this.outputs = outputs;
        this.history = history;
    }

    /** The result of a cell: the reply content, and whether it failed (to abort queued cells). */
    record Result(Object reply, boolean failed) {}

    Result execute(Message request, RequestContent.Execute content) {
        if (content.storesHistory()) {
            executionCount++;
        }
        int count = executionCount;
        outputs.cellStarted(request, count);
        // Published once the executor counts the cell as running: a client that interrupts as
        // soon as it sees the input interrupts this cell.
        FromExecutor.Outcome outcome = executor.execute(
                new ToExecutor.Execute(request.msgId(), count, content.code(), content.allowStdin()), () -> {
                    if (!content.silent()) {
                        iopub.publish("execute_input", request.header(), new Replies.ExecuteInput(content.code(), count));
                    }
                    String notice = executor.takeResetNotice();
                    if (notice != null) {
                        iopub.publish("stream", request.header(), new Replies.Stream("stderr", notice + "\n"));
                    }
                });
        outputs.cellFinished(request);
        String plainResult = null;
        Result result;
        if (outcome instanceof FromExecutor.Failed failed) {
            iopub.publish("error", request.header(), new Replies.ErrorOutput(failed.name(), failed.message(), failed.traceback()));
            result = new Result(new Replies.Error(failed.name(), failed.message(), failed.traceback(), count), true);
        } else {
            FromExecutor.Succeeded succeeded = (FromExecutor.Succeeded) outcome;
            if (succeeded.result() != null && !content.silent()) {
                plainResult = succeeded.result().get("text/plain");
                iopub.publish("execute_result", request.header(),
                        new Replies.ExecuteResult(count, outputs.bundle(succeeded.result()), Map.of()));
            }
            List<Map<String, Object>> payload = succeeded.page() == null ? List.of()
                    : List.of(Map.of("source", "page", "data", Map.of("text/plain", succeeded.page()), "start", 0));
            result = new Result(new Replies.ExecuteOk(count, payload), false);
        }
        if (content.storesHistory()) {
            history.add(count, content.code(), plainResult);
        }
        return result;
    }

    /** The reply to an execute_request skipped because an earlier cell failed. */
    Object aborted() {
        return new Replies.ExecuteAborted(executionCount);
    }
}
