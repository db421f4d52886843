package dev.conclab.kernel.debug;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.ClassType;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The rich display of a value in a stopped frame (richInspectVariables with a frameId): the
 * stopped thread itself runs the runtime's {@code DebuggerBundles.pairs}, as ipykernel has the
 * stopped Python thread run the display formatter, since a chart's or a table's HTML is made by
 * the program's code. The only place the debugger runs code in the program, and only on request:
 * single-threaded (the other threads stay as they are) and waited for at most
 * {@link #WAIT_SECONDS}; a value that cannot be rendered so shows as text.
 */
final class RichValues {
    private static final String BUNDLES = "dev.conclab.runtime.internal.display.DebuggerBundles";
    private static final long WAIT_SECONDS = 5;

    private RichValues() {}

    static Map<String, String> of(Value value, ThreadReference thread) {
        Map<String, String> text = Map.of("text/plain", Variables.show(value));
        if (!(value instanceof ObjectReference object) || value instanceof StringReference) {
            return text;
        }
        List<ReferenceType> types = thread.virtualMachine().classesByName(BUNDLES);
        if (types.isEmpty() || !(types.get(0) instanceof ClassType bundles)) {
            return text;
        }
        List<Method> methods = bundles.methodsByName("pairs");
        if (methods.isEmpty()) {
            return text;
        }
        CompletableFuture<Value> result = CompletableFuture.supplyAsync(() -> {
            try {
                return bundles.invokeMethod(thread, methods.get(0), List.of(object), ClassType.INVOKE_SINGLE_THREADED);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            if (result.get(WAIT_SECONDS, TimeUnit.SECONDS) instanceof ArrayReference pairs) {
                Map<String, String> data = new LinkedHashMap<>();
                List<Value> values = pairs.getValues();
                for (int i = 0; i + 1 < values.size(); i += 2) {
                    if (values.get(i) instanceof StringReference mime && values.get(i + 1) instanceof StringReference content) {
                        data.put(mime.value(), content.value());
                    }
                }
                return data.isEmpty() ? text : data;
            }
        } catch (TimeoutException e) {
            // Rendering waits for something (a lock another stopped thread holds): the text has to do.
        } catch (ExecutionException | RuntimeException e) {
            // Not stopped by a breakpoint or step (a paused thread cannot run code), or the display threw.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return text;
    }
}
