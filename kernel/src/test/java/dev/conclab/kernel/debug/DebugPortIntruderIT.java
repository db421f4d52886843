package dev.conclab.kernel.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.RunningKernel;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JDWP has no authentication, and any local user can read the executor's command line: it names
 * the kernel's debug port. The executor never listens (server=n), and a process that connects
 * to the kernel's port before the executor does is closed without a byte: it never talks JDWP,
 * and the debugger still attaches to the executor.
 */
class DebugPortIntruderIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().withJvmOptions("-Dconclab.debugger=on").warmUp("1");

    @Test
    void aProcessThatIsNotTheExecutorNeverGetsTheDebugConnection() throws Exception {
        ProcessHandle executor = running.kernel().process.descendants()
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains("dev.conclab.executor.ExecutorMain")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no executor process under the kernel"));
        List<String> arguments = Arrays.asList(executor.info().arguments().orElseThrow());
        String agent = arguments.stream().filter(a -> a.startsWith("-agentlib:jdwp=")).findFirst()
                .orElseThrow(() -> new AssertionError("no JDWP agent in " + arguments));
        assertTrue(agent.contains("server=n"), "the executor dials, it never listens: " + agent);
        Matcher port = Pattern.compile("address=127\\.0\\.0\\.1:(\\d+)").matcher(agent);
        assertTrue(port.find(), agent);

        // This test's JVM is the intruder: it connects before the debugger asks the executor to.
        try (Socket intruder = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port.group(1)))) {
            JupyterTestClient client = running.client();
            JsonNode attach = request(client, 1, "attach");
            assertTrue(attach.path("success").asBoolean(), attach.toString());
            intruder.setSoTimeout(30_000);
            assertEquals(-1, intruder.getInputStream().read(), "the intruder's connection is closed unread");
            JsonNode threads = request(client, 2, "threads");
            assertTrue(threads.path("success").asBoolean(), "the debugger talks to the executor: " + threads);
            request(client, 3, "disconnect");
        }
    }

    private static JsonNode request(JupyterTestClient client, int seq, String command) {
        var content = JSON.createObjectNode().put("seq", seq).put("type", "request").put("command", command);
        content.putObject("arguments");
        String id = client.send(client.control(), "debug_request", content);
        return client.reply(client.control(), id).content();
    }
}
