package dev.conclab.kernel.protocol;

/** The content of the requests the kernel answers, as clients send them (snake_case on the wire). */
public final class RequestContent {
    private RequestContent() {}

    public record Execute(String code, boolean silent, Boolean storeHistory, boolean allowStdin, Boolean stopOnError) {
        public boolean storesHistory() {
            return !silent && (storeHistory == null || storeHistory);
        }

        public boolean stopsOnError() {
            return stopOnError == null || stopOnError;
        }
    }

    public record Complete(String code, int cursorPos) {}

    public record Inspect(String code, int cursorPos, int detailLevel) {}

    public record IsComplete(String code) {}

    public record History(boolean output, boolean raw, String histAccessType, Integer session, Integer start,
                          Integer stop, Integer n, String pattern, boolean unique) {}

    public record Shutdown(boolean restart) {}

    public record InputReply(String value) {}

    public record CommInfo(String targetName) {}
}
