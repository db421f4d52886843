package dev.conclab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.impl.RingbufferService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The members' output topic with real Hazelcast members in this JVM (configured as ClusterMember
 * configures them) and a real client: what a member publishes reaches the client even when the
 * client has not connected to that member yet, and when the member holding the topic dies.
 */
class OutputReaderTest {
    private static final Logger HAZELCAST = Logger.getLogger("com.hazelcast");
    private final String cluster = "output-test-" + UUID.randomUUID();
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private HazelcastInstance client;
    private OutputReader reader;

    @BeforeAll
    static void quiet() {
        HAZELCAST.setLevel(Level.SEVERE);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.shutdown();
        }
        members.forEach(member -> member.getLifecycleService().terminate());
    }

    @Test
    void linesFromMembersThatJoinAfterTheClientAndFromSurvivorsOfTheTopicsHolderAllArrive() throws Exception {
        List<String> addresses = Arrays.stream(freePorts(3)).mapToObj(port -> "127.0.0.1:" + port).toList();
        member(0, addresses);
        connect(addresses.get(0));

        // Members that join now: the client connects to them in the background, a second or so later.
        LineSender second = sender(member(1, addresses));
        LineSender third = sender(member(2, addresses));
        send(second, "member-1", "at once");
        send(third, "member-2", "at once");
        assertEquals(Set.of("member-1 at once", "member-2 at once"), take(2));

        // The member that holds the topic's ringbuffer dies: its backup on another member takes over,
        // once the backups are in place (the partitions migrate to members that join, in the background).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!members.get(0).getPartitionService().isClusterSafe() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Member holder = client.getPartitionService().getPartition(RingbufferService.TOPIC_RB_PREFIX + MemberOutput.TOPIC).getOwner();
        HazelcastInstance dying = members.stream().filter(m -> m.getCluster().getLocalMember().getUuid().equals(holder.getUuid()))
                .findFirst().orElseThrow();
        HazelcastInstance survivor = members.stream().filter(m -> m != dying).findFirst().orElseThrow();
        String name = survivor.getCluster().getLocalMember().getAttribute(HazelcastConnection.NAME_ATTRIBUTE);
        LineSender fromSurvivor = sender(survivor);
        send(fromSurvivor, name, "before the holder died");
        dying.getLifecycleService().terminate();
        members.remove(dying);
        send(fromSurvivor, name, "after the holder died");
        assertEquals(Set.of(name + " before the holder died", name + " after the holder died"), take(2));
    }

    @Test
    void aReaderWaitingBeyondALostRingbufferCatchesUpWhenATasksLinesGoMissing() throws Exception {
        List<String> addresses = Arrays.stream(freePorts(1)).mapToObj(port -> "127.0.0.1:" + port).toList();
        LineSender sender = sender(member(0, addresses));
        connect(addresses.get(0));
        for (int i = 0; i < 3; i++) {
            send(sender, "member-0", "line " + i);
        }
        assertEquals(Set.of("member-0 line 0", "member-0 line 1", "member-0 line 2"), take(3));
        // As when the member holding it dies before its backup is made: the ringbuffer begins again at 0.
        client.getRingbuffer(RingbufferService.TOPIC_RB_PREFIX + MemberOutput.TOPIC).destroy();
        send(sender, "member-0", "into the new ringbuffer");
        reader.catchUp(); // what a result with missing lines does
        send(sender, "member-0", "after catching up");
        Set<String> read = takeUntil("member-0 after catching up");
        assertTrue(read.contains("member-0 after catching up"), "the reader still waits beyond the lost ringbuffer: " + read);
    }

    private void connect(String address) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(cluster);
        config.getNetworkConfig().setAddresses(List.of(address));
        config.setProperty("hazelcast.logging.type", "none");
        OutputReader.configure(config);
        client = HazelcastClient.newHazelcastClient(config);
        reader = OutputReader.listen(client, received::add);
    }

    private HazelcastInstance member(int index, List<String> addresses) {
        String name = "member-" + index;
        int port = Integer.parseInt(addresses.get(index).substring("127.0.0.1:".length()));
        HazelcastInstance member = Hazelcast.newHazelcastInstance(ClusterMember.config(name + "-" + cluster, cluster, port, addresses, 0)
                .setProperty("hazelcast.logging.type", "none"));
        members.add(member);
        return member;
    }

    private static LineSender sender(HazelcastInstance member) {
        return new LineSender(member.getReliableTopic(MemberOutput.TOPIC));
    }

    /** Sends one line as a task on {@code member} prints it, and waits until it is on the topic. */
    private static void send(LineSender sender, String member, String text) {
        MemberOutput.Task task = new MemberOutput.Task("task");
        sender.send(task, LineSender.line(task.id(), member, "o", text));
        sender.awaitSent(task, 30_000);
        assertEquals(1, task.sent().get(), "the line is on the topic");
    }

    /** The next {@code count} lines the client reads ("member text"), within a bound. */
    private Set<String> take(int count) throws InterruptedException {
        return read(lines -> lines.size() >= count);
    }

    /** The lines the client reads until {@code line}, within a bound. */
    private Set<String> takeUntil(String line) throws InterruptedException {
        return read(lines -> lines.contains(line));
    }

    private Set<String> read(Predicate<Set<String>> enough) throws InterruptedException {
        Set<String> lines = new TreeSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!enough.test(lines)) {
            String message = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                break;
            }
            for (String line : message.split("\n")) {
                String[] parts = line.split("\t", 4);
                lines.add(parts[1] + " " + parts[3]);
            }
        }
        return lines;
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }
}
