package dev.conclab.kernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A three-member cluster of child JVMs started from a cell, driven through the kernel's protocol:
 * the structures across members, members' output in the cell, a task that throws, a member killed
 * mid-map, a client of a cluster started outside the kernel, and no JVM left afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().warmUp("int square(int x) { return x * x; }");

    @Test
    @Order(1)
    void aCellStartsThreeMembers() throws Exception {
        Run run = running.client().runFirst("var cluster = Cluster.local(3);\nnew TreeSet<>(cluster.members())");
        assertEquals("[member-0, member-1, member-2]", run.result(), run.iopub().toString());
        assertEquals(3, members().size(), "three member JVMs are children of the kernel's executor");
        // The cluster's name is its password: what ps shows any user must not hold it.
        String name = running.client().run("cluster.name()").result().replace("\"", "");
        assertTrue(name.startsWith("conclab-") && name.length() > 30, name);
        for (ProcessHandle member : members()) {
            String commandLine = String.join(" ", member.info().arguments().orElse(new String[0]));
            assertFalse(commandLine.contains(name), "a member's command line shows the cluster's name: " + commandLine);
        }
        // JDK 24+ warns once per JVM of sun.misc.Unsafe, which Hazelcast 5.4's client uses in the executor (README).
        String unexpected = run.stderr().lines().filter(line -> !line.startsWith("WARNING:") || !line.contains("Unsafe"))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertEquals("", unexpected, "the members say nothing in the cell");
        assertEquals("", run.stdout());
    }

    @Test
    @Order(2)
    void theStructuresAreSharedByTheMembers() throws Exception {
        Run run = running.client().run("""
                var pool = cluster.pool();
                var counter = cluster.counter("hits");
                var lock = cluster.lock("totals");
                var totals = cluster.<String, Integer>map("totals");
                var jobs = cluster.<Integer>queue("jobs");
                var seen = cluster.<String>list("seen");
                var permits = cluster.semaphore("slots", 1);
                pool.map(n -> {
                    for (int i = 0; i < 100; i++) {
                        counter.incrementAndGet();
                        lock.locked(() -> totals.put("sum", totals.getOrDefault("sum", 0) + 1));
                    }
                    permits.withPermit(() -> seen.add("task " + n));
                    jobs.put(square(n));
                    return n;
                }, List.of(1, 2, 3, 4, 5, 6), 1);
                var squares = new TreeSet<Integer>();
                for (int i = 0; i < 6; i++) squares.add(jobs.take());
                counter.get() + " " + totals.get("sum") + " " + seen.size() + " " + squares + " " + permits.availablePermits()
                """);
        assertEquals("\"600 600 6 [1, 4, 9, 16, 25, 36] 1\"", run.result(), run.iopub().toString());
    }

    @Test
    @Order(3)
    void whatATaskPrintsOnAMemberShowsInTheCellLabelled() throws Exception {
        Run run = running.client().run("""
                cluster.pool().map(n -> { System.out.println("working on " + n); return n * 10; }, List.of(0, 1, 2), 1)
                """);
        assertEquals("[0, 10, 20]", run.result(), run.iopub().toString());
        assertLinesLabelled(run.stdout(), "member-\\d", 3, n -> "working on " + n);
    }

    @Test
    @Order(4)
    void aFailingTaskIsNamedWithItsInputAndMember() throws Exception {
        Run run = running.client().run("""
                cluster.pool().map(n -> { if (n == 2) throw new IllegalStateException("no " + n); return n; }, List.of(0, 1, 2, 3), 1)
                """);
        assertNotNull(run.error(), run.iopub().toString());
        String evalue = run.error().content().path("evalue").asText();
        assertTrue(evalue.matches("(?s)task 2 of the map \\(input 2\\) failed on member-\\d: java.lang.IllegalStateException: no 2.*"), evalue);
    }

    @Test
    @Order(5)
    void aMemberKilledMidMapHasItsTasksRunAgainOnTheOthers() throws Exception {
        Run run = running.client().run("""
                var started = cluster.counter("started");
                var killer = new Thread(() -> {
                    try {
                        while (started.get() < 3) Thread.sleep(20);
                    } catch (InterruptedException e) { return; }
                    cluster.killMember("member-1");
                });
                killer.start();
                var doubled = cluster.pool().map(n -> { started.incrementAndGet(); Thread.sleep(300); return n * 2; },
                        IntStream.range(0, 12).boxed().toList(), 1);
                killer.join();
                doubled + " " + new TreeSet<>(cluster.members())
                """);
        assertEquals("\"[0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22] [member-0, member-2]\"", run.result(), run.iopub().toString());
        assertTrue(run.stdout().contains("[cluster] member-1 left the cluster while running item"), run.stdout());
        assertEquals(2, members().size());
        // What tasks print still comes, whichever member held the output topic (its backup took over).
        Run after = running.client().run("cluster.pool().map(n -> { System.out.println(\"after the kill \" + n); return n; }, List.of(0, 1, 2, 3), 1)");
        assertEquals("[0, 1, 2, 3]", after.result(), after.iopub().toString());
        assertLinesLabelled(after.stdout(), "member-[02]", 4, n -> "after the kill " + n);
        assertEquals("", after.stderr(), "no line is said to be missing");
    }

    @Test
    @Order(6)
    void closingTheClusterEndsItsMembers() throws Exception {
        Run run = running.client().run("cluster.close();");
        assertEquals("ok", run.status(), run.iopub().toString());
        assertEquals(List.of(), members());
    }

    @Test
    @Order(7)
    void aCellConnectsToAClusterStartedOutsideTheKernelAndRunsItsLambdasThere() throws Exception {
        int port = freePort();
        Process member = outsideMember("outside-0", "outside", port, "127.0.0.1:" + port);
        try {
            Run run = running.client().run("""
                    record Job(int n) implements Serializable {}
                    var outside = Cluster.connect("outside", "127.0.0.1:%d");
                    var job = new Job(9);
                    var answer = outside.pool().submit(() -> { System.out.println("on the outside"); return new Job(square(job.n())); }).get();
                    outside.close();
                    answer + " " + outside.name()
                    """.formatted(port));
            assertEquals("\"Job[n=81] outside\"", run.result(), run.iopub().toString());
            assertEquals("[outside-0] on the outside\n", run.stdout());
        } finally {
            member.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(8)
    void cellsStopEndsTheMembersACellStarted() throws Exception {
        Run started = running.client().runFirst("var small = Cluster.local(1);\nsmall.members()");
        assertEquals("[member-0]", started.result(), started.iopub().toString());
        List<ProcessHandle> before = members();
        assertEquals(1, before.size());
        assertEquals("ok", running.client().run("Cells.stopAll();").status());
        before.get(0).onExit().get(20, TimeUnit.SECONDS);
        assertEquals(List.of(), members());
    }

    @Test
    @Order(9)
    void aClusterThatStoppedAnsweringGivesAnErrorInBoundedTime() throws Exception {
        running.client().runFirst("var lonely = Cluster.local(1);\nvar jobs = lonely.<Integer>queue(\"jobs\");\njobs.put(1);");
        long began = System.nanoTime();
        Run run = running.client().run("lonely.killMember(\"member-0\");\njobs.size()");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
        assertNotNull(run.error(), run.iopub().toString());
        System.out.println("a stopped cluster's error came after " + seconds + " s: " + run.error().content().path("evalue").asText());
        assertTrue(seconds < 45, "the error came after " + seconds + " s");
        assertTrue(run.error().content().path("evalue").asText().startsWith("ClusterQueue[jobs] cannot reach the cluster"),
                run.error().content().path("evalue").asText());
        running.client().run("lonely.close();");
    }

    @Test
    @Order(10)
    void whatTasksPrintRightAfterTheClusterStartsShowsFromEveryMember() throws Exception {
        // The first tasks go out at once, while the client may still be connecting to the last members.
        Run run = running.client().run("""
                var fresh = Cluster.local(3);
                var freshPool = fresh.pool();
                var printed = new ArrayList<CompletableFuture<Integer>>();
                for (int t = 0; t < 6; t++) {
                    int n = t;
                    printed.add(freshPool.submit(() -> { System.out.println("first task " + n); return n; }));
                }
                for (var task : printed) task.get();
                fresh.close();
                """);
        assertEquals("ok", run.status(), run.iopub().toString());
        assertLinesLabelled(run.stdout(), "member-\\d", 6, n -> "first task " + n);
    }

    @Test
    @Order(11)
    void aMemberThatJoinsAfterTheCellConnectedSendsBackWhatItsTasksPrint() throws Exception {
        int first = freePort();
        int second = freePort();
        String both = "127.0.0.1:" + first + ",127.0.0.1:" + second;
        Process early = outsideMember("late-0", "late", first, both);
        Process joining = null;
        try {
            Run connected = running.client().run("var late = Cluster.connect(\"late\", \"127.0.0.1:%d\");".formatted(first));
            assertEquals("ok", connected.status(), connected.iopub().toString());
            joining = outsideMember("late-1", "late", second, both);
            // The cell sends its tasks the moment the client learns of the new member, as a user's next cell may.
            Run run = running.client().run("""
                    long deadline = System.nanoTime() + 90_000_000_000L;
                    while (late.members().size() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
                    var latePool = late.pool();
                    var printed = new ArrayList<CompletableFuture<Integer>>();
                    for (int t = 0; t < 6; t++) {
                        int n = t;
                        printed.add(latePool.submit(() -> { System.out.println("task " + n + " printed"); return n; }));
                    }
                    for (var task : printed) task.get();
                    new TreeSet<>(late.members())
                    """);
            assertEquals("[late-0, late-1]", run.result(), run.iopub().toString());
            assertLinesLabelled(run.stdout(), "late-\\d", 6, n -> "task " + n + " printed");
            assertTrue(run.stdout().contains("[late-1] task"), run.stdout());
            running.client().run("late.close();");
        } finally {
            early.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            if (joining != null) {
                joining.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Lines {@code line(0)} to {@code line(count - 1)} all show in {@code stdout}, each labelled with a member matching the pattern {@code member}. */
    private static void assertLinesLabelled(String stdout, String member, int count, IntFunction<String> line) {
        for (int n = 0; n < count; n++) {
            assertTrue(stdout.matches("(?s).*\\[" + member + "] " + Pattern.quote(line.apply(n)) + "\n.*"), stdout);
        }
    }

    /** A member started outside the kernel, as on another machine: {@code members} are the addresses it joins. */
    private static Process outsideMember(String name, String cluster, int port, String members) throws Exception {
        Path executor = Path.of(System.getProperty("conclab.target"), "executor");
        String classPath = executor.resolve("conclab-runtime.jar") + File.pathSeparator + executor.resolve("cluster") + File.separator + "*";
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", classPath, "dev.conclab.cluster.ClusterMember", name, cluster, String.valueOf(port),
                members, "0", String.valueOf(ProcessHandle.current().pid()))
                .inheritIO().start();
    }

    private static int freePort() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** The executor's children that run a cluster member. */
    private static List<ProcessHandle> members() {
        return running.kernel().process.descendants()
                .filter(p -> p.isAlive() && List.of(p.info().arguments().orElse(new String[0])).contains("dev.conclab.cluster.ClusterMember"))
                .toList();
    }
}
