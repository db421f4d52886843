package dev.conclab.kernel.debug;

import java.util.Map;

/** Where DAP events go: {@code debug_event} messages on iopub. */
@FunctionalInterface
public interface DebugEvents {
    void send(String event, Map<String, Object> body);
}
