package dev.conclab.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A Jupyter client written for the tests: DEALER sockets for shell, control and stdin, a SUB
 * socket on iopub, all signed with the kernel's key. Written independently of the kernel's own
 * wire code, so a shared bug cannot hide.
 */
public final class JupyterTestClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    public static final Duration FIRST_CELL_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A received message, parsed. */
    public record Msg(String type, JsonNode header, JsonNode parent, JsonNode content) {
        public String parentId() {
            return parent.path("msg_id").asText();
        }
    }

    private final ZContext context = new ZContext();
    private final String session = UUID.randomUUID().toString();
    private final byte[] key;
    private final String ip;
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket stdin;
    private final BlockingQueue<Msg> iopub = new LinkedBlockingQueue<>();
    private final List<Msg> passedOver = new ArrayList<>();
    private final Thread iopubReader;

    public JupyterTestClient(KernelProcess kernel) {
        this.key = kernel.key.getBytes(StandardCharsets.UTF_8);
        this.ip = kernel.ip;
        byte[] identity = session.getBytes(StandardCharsets.UTF_8);
        shell = connect(SocketType.DEALER, kernel.shellPort, identity);
        control = connect(SocketType.DEALER, kernel.controlPort, identity);
        stdin = connect(SocketType.DEALER, kernel.stdinPort, identity);
        ZMQ.Socket sub = context.createSocket(SocketType.SUB);
        sub.subscribe(new byte[0]);
        sub.connect("tcp://" + ip + ":" + kernel.iopubPort);
        iopubReader = new Thread(() -> readInto(sub, iopub), "test-iopub");
        iopubReader.setDaemon(true);
        iopubReader.start();
    }

    private ZMQ.Socket connect(SocketType type, int port, byte[] identity) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setIdentity(identity);
        socket.setReceiveTimeOut((int) TIMEOUT.toMillis());
        socket.connect("tcp://" + ip + ":" + port);
        return socket;
    }

    public ZMQ.Socket shell() {
        return shell;
    }

    public ZMQ.Socket control() {
        return control;
    }

    public ZMQ.Socket stdin() {
        return stdin;
    }

    /** Sends a signed request; returns its msg_id. */
    public String send(ZMQ.Socket socket, String msgType, ObjectNode content) {
        return send(socket, msgType, content, true);
    }

    /** Sends a request, signed correctly or with a wrong signature; returns its msg_id. */
    public String send(ZMQ.Socket socket, String msgType, ObjectNode content, boolean signCorrectly) {
        List<byte[]> frames = requestFrames(msgType, content);
        if (!signCorrectly) {
            frames.set(1, new StringBuilder(new String(frames.get(1), StandardCharsets.US_ASCII)).reverse().toString()
                    .getBytes(StandardCharsets.US_ASCII));
        }
        sendFrames(socket, frames);
        return msgIdOf(frames);
    }

    /** A request's frames, signed with the connection key: delimiter, signature, header, parent, metadata, content. */
    public List<byte[]> requestFrames(String msgType, ObjectNode content) {
        ObjectNode header = JSON.createObjectNode().put("msg_id", UUID.randomUUID().toString()).put("session", session)
                .put("username", "test").put("date", Instant.now().toString()).put("msg_type", msgType).put("version", "5.4");
        return signedFrames(bytes(header), bytes(content));
    }

    /** Frames with these header and content bytes, as they are, under a valid signature. */
    public List<byte[]> signedFrames(byte[] header, byte[] content) {
        byte[][] parts = {header, "{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8), content};
        return new ArrayList<>(List.of("<IDS|MSG>".getBytes(StandardCharsets.US_ASCII),
                sign(parts).getBytes(StandardCharsets.US_ASCII), parts[0], parts[1], parts[2], parts[3]));
    }

    /** Sends frames exactly as given. */
    public void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** The msg_id in the header of frames made by {@link #requestFrames}. */
    public static String msgIdOf(List<byte[]> frames) {
        try {
            return JSON.readTree(frames.get(2)).path("msg_id").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not frames made by requestFrames", e);
        }
    }

    public String execute(String code) {
        return send(shell, "execute_request", executeContent(code));
    }

    public static ObjectNode executeContent(String code) {
        return JSON.createObjectNode().put("code", code).put("silent", false).put("store_history", true)
                .put("allow_stdin", false).put("stop_on_error", true).set("user_expressions", JSON.createObjectNode());
    }

    public static ObjectNode content() {
        return JSON.createObjectNode();
    }

    /** The next message on a DEALER socket, checked for its signature. */
    public Msg receive(ZMQ.Socket socket) {
        Msg msg = read(socket);
        assertNotNull(msg, "no reply within " + TIMEOUT);
        return msg;
    }

    /**
     * The next message on a DEALER socket if one comes within {@code within}, else null: for a
     * test that must fail in seconds, not after {@link #TIMEOUT}, or that checks nothing more comes.
     */
    public Msg receive(ZMQ.Socket socket, Duration within) {
        socket.setReceiveTimeOut((int) within.toMillis());
        try {
            return read(socket);
        } finally {
            socket.setReceiveTimeOut((int) TIMEOUT.toMillis());
        }
    }

    /** The reply to {@code msgId} on {@code socket}, skipping replies to other requests. */
    public Msg reply(ZMQ.Socket socket, String msgId) {
        while (true) {
            Msg msg = receive(socket);
            if (msg.parentId().equals(msgId)) {
                return msg;
            }
        }
    }

    /** iopub messages caused by {@code msgId}, up to and including its idle status. */
    public List<Msg> iopubUntilIdle(String msgId) throws InterruptedException {
        List<Msg> messages = new ArrayList<>();
        while (true) {
            Msg msg = nextIopub(m -> m.parentId().equals(msgId));
            messages.add(msg);
            if (msg.type().equals("status") && msg.content().path("execution_state").asText().equals("idle")) {
                return messages;
            }
        }
    }

    /** The next iopub message matching {@code wanted}, waiting at most {@link #TIMEOUT}. */
    public Msg nextIopub(Predicate<Msg> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Msg msg = iopub.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(msg, "no matching iopub message within " + TIMEOUT);
            if (wanted.test(msg)) {
                return msg;
            }
            passedOver.add(msg);
        }
    }

    /** An iopub message matching {@code wanted}, among those passed over so far or still to come. */
    public Msg findIopub(Predicate<Msg> wanted) throws InterruptedException {
        for (Msg msg : passedOver) {
            if (wanted.test(msg)) {
                return msg;
            }
        }
        return nextIopub(wanted);
    }

    /** The iopub messages matching {@code wanted} that came while the client waited for others. */
    public List<Msg> passedOver(Predicate<Msg> wanted) {
        return passedOver.stream().filter(wanted).toList();
    }

    /** Text of all stream messages of {@code name} among {@code messages}. */
    public static String streamText(List<Msg> messages, String name) {
        StringBuilder text = new StringBuilder();
        for (Msg msg : messages) {
            if (msg.type().equals("stream") && msg.content().path("name").asText().equals(name)) {
                text.append(msg.content().path("text").asText());
            }
        }
        return text.toString();
    }

    public static List<String> types(List<Msg> messages) {
        return messages.stream().map(Msg::type).toList();
    }

    /** Runs a cell to its end: its iopub messages (busy to idle) and its reply. */
    public record Run(Msg reply, List<Msg> iopub) {
        public String stdout() {
            return streamText(iopub, "stdout");
        }

        public String stderr() {
            return streamText(iopub, "stderr");
        }

        public String status() {
            return reply.content().path("status").asText();
        }

        public String result() {
            return iopub.stream().filter(m -> m.type().equals("execute_result"))
                    .map(m -> m.content().path("data").path("text/plain").asText()).findFirst().orElse(null);
        }

        public Msg error() {
            return iopub.stream().filter(m -> m.type().equals("error")).findFirst().orElse(null);
        }
    }

    public Run run(String code) throws InterruptedException {
        return finish(execute(code));
    }

    /** Waits for the end of a cell sent with {@link #execute}: its reply, and its iopub messages up to idle. */
    public Run finish(String msgId) throws InterruptedException {
        Msg reply = reply(shell, msgId);
        return new Run(reply, iopubUntilIdle(msgId));
    }

    /**
     * Runs the first cell of a fresh kernel. Its reply waits for the executor JVM to start and warm
     * javac up, which on a 2-core machine busy with other builds has taken more than {@link #TIMEOUT}.
     */
    public Run runFirst(String code) throws InterruptedException {
        String id = execute(code);
        long deadline = System.nanoTime() + FIRST_CELL_TIMEOUT.toNanos();
        while (true) {
            Msg msg = receive(shell, Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            assertNotNull(msg, "no reply to the first cell within " + FIRST_CELL_TIMEOUT);
            if (msg.parentId().equals(id)) {
                return new Run(msg, iopubUntilIdle(id));
            }
        }
    }

    private Msg read(ZMQ.Socket socket) {
        List<byte[]> frames = new ArrayList<>();
        byte[] first = socket.recv(0);
        if (first == null) {
            return null;
        }
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return parse(frames);
    }

    private Msg parse(List<byte[]> frames) {
        int delimiter = 0;
        while (!new String(frames.get(delimiter), StandardCharsets.UTF_8).equals("<IDS|MSG>")) {
            delimiter++;
        }
        byte[][] parts = {frames.get(delimiter + 2), frames.get(delimiter + 3), frames.get(delimiter + 4), frames.get(delimiter + 5)};
        String signature = new String(frames.get(delimiter + 1), StandardCharsets.US_ASCII);
        if (!signature.equals(sign(parts))) {
            throw new AssertionError("the kernel sent a message with a wrong signature");
        }
        try {
            JsonNode header = JSON.readTree(parts[0]);
            return new Msg(header.path("msg_type").asText(), header, JSON.readTree(parts[1]), JSON.readTree(parts[3]));
        } catch (java.io.IOException e) {
            throw new AssertionError("the kernel sent invalid JSON", e);
        }
    }

    private void readInto(ZMQ.Socket sub, BlockingQueue<Msg> queue) {
        sub.setReceiveTimeOut(200);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                List<byte[]> frames = new ArrayList<>();
                byte[] first = sub.recv(0);
                if (first == null) {
                    continue;
                }
                frames.add(first);
                while (sub.hasReceiveMore()) {
                    frames.add(sub.recv(0));
                }
                queue.add(parse(frames));
            } catch (org.zeromq.ZMQException | IllegalStateException e) {
                return;
            }
        }
    }

    private String sign(byte[][] parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        iopubReader.interrupt();
        // The reader sees the interrupt within its 200 ms receive timeout; closing the context
        // under a socket still in recv makes JeroMQ throw from the reader thread.
        try {
            iopubReader.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
