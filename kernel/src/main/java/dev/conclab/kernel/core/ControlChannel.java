package dev.conclab.kernel.core;

import dev.conclab.kernel.protocol.Replies;
import java.util.List;
import java.util.Set;

/**
 * What the control channel answers: the requests the Jupyter protocol puts on control. Control
 * has its own thread so that it answers while a cell runs; a shell request there would wait for
 * the executor's cell thread, busy with the running cell, and an interrupt sent next would wait
 * behind it. So such a request gets an error reply at once, which says where it belongs, and
 * never reaches the executor. (ipykernel runs shell requests on control too; it has no separate
 * JVM whose one cell thread they would queue behind.)
 */
final class ControlChannel {
    /**
     * The shell requests the kernel answers there; on control each gets {@link #wrongChannel}.
     * Control answers kernel_info, interrupt, shutdown and debug requests.
     */
    static final Set<String> SHELL_ONLY = Set.of("execute_request", "complete_request", "inspect_request",
            "is_complete_request", "history_request", "comm_info_request");

    private ControlChannel() {}

    /** Whether a request of this type, received on control, gets {@link #wrongChannel} instead of an answer. */
    static boolean refuses(String msgType) {
        return SHELL_ONLY.contains(msgType);
    }

    /** The error reply to a shell request received on control. */
    static Replies.Error wrongChannel(String msgType) {
        String message = msgType + " belongs on the shell channel: the control channel answers only"
                + " kernel_info_request, interrupt_request and shutdown_request, so that they never wait behind a running cell";
        return new Replies.Error("WrongChannel", message, List.of(message), null);
    }
}
