package dev.conclab.kernel.magics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The magics a user types: %lsmagic, %time, %%time, %timeit, %%bash, %classpath and %maven. */
class MagicsIT {
    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().warmUp("long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }");

    @Test
    void lsmagicListsEveryMagic() throws Exception {
        String listing = running.client().run("%lsmagic").stdout();
        for (String magic : List.of("%time ", "%timeit ", "%classpath ", "%maven ", "%%time", "%%bash")) {
            assertTrue(listing.contains(magic), magic + " is missing from:\n" + listing);
        }
        assertEquals("error", running.client().run("%nosuch").status());
    }

    @Test
    void timeReportsWallCpuAndThreadsAndTheRestOfTheCellRuns() throws Exception {
        Run line = running.client().run("%time fib(25)\nint after = 2;\nafter * 21");
        assertTrue(line.stdout().matches("Wall time: [0-9.]+ [mµn]?s, CPU time: [0-9.]+ [mµn]?s \\([0-9.]+ cores busy on average\\), no threads started;"
                + " not counted: [0-9.]+ [mµn]?s the JVM spent on its own work meanwhile \\(JIT compiler, garbage collector\\)\n"), line.stdout());
        assertEquals("42", line.result());
        Run cell = running.client().run("%%time\nThreads.joinAll(Threads.start(3, \"t\", i -> () -> fib(20)));");
        assertTrue(cell.stdout().contains("3 threads started"), cell.stdout());
        Run broken = running.client().run("%time int x = 1 +\n");
        assertTrue(broken.error().content().path("evalue").asText().contains("line 1"), broken.error().toString());
        assertTrue(broken.stdout().isEmpty(), "a cell that does not compile is not timed: " + broken.stdout());
    }

    @Test
    void aSleepingCellUsesNoCpuWhateverTheJvmDoesMeanwhile() throws Exception {
        String report = running.client().run("%time Thread.sleep(1000)").stdout();
        assertTrue(cpuNanos(report) < 50_000_000L, "a sleeping thread uses no CPU: " + report);
    }

    @Test
    void theCpuOfThreadsTheCellStartedAndJoinedIsCounted() throws Exception {
        // Each thread spins until its own CPU clock says 500 ms: whatever else the machine runs, the cell used about 1 s.
        Run run = running.client().run("%%time\n"
                + "Runnable spin = () -> { var clock = java.lang.management.ManagementFactory.getThreadMXBean();\n"
                + "    long end = clock.getCurrentThreadCpuTime() + 500_000_000L; while (clock.getCurrentThreadCpuTime() < end) { } };\n"
                + "Thread a = new Thread(spin), b = new Thread(spin);\n"
                + "a.start(); b.start();\n"
                + "a.join(); b.join();");
        long cpu = cpuNanos(run.stdout());
        assertTrue(cpu > 900_000_000L && cpu < 1_600_000_000L, "two threads busy 500 ms each: " + run.stdout());
        assertTrue(run.stdout().contains("2 threads started"), run.stdout());
    }

    @Test
    void theCpuOfChildProcessesIsCounted() throws Exception {
        // dash counts to 200,000 in about 400 ms of CPU.
        String report = running.client().run("%time new ProcessBuilder(\"sh\", \"-c\", \"i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done\").start().waitFor()").stdout();
        java.util.regex.Matcher children = java.util.regex.Pattern.compile(", ([0-9.]+ [mµn]?s) of it in child processes").matcher(report);
        assertTrue(children.find(), report);
        long childNanos = nanos(children.group(1));
        assertTrue(childNanos > 150_000_000L, "the child was busy: " + report);
        assertTrue(cpuNanos(report) >= childNanos, report);
    }

    /** The CPU time a %time report gives, in nanoseconds. */
    private static long cpuNanos(String report) {
        java.util.regex.Matcher cpu = java.util.regex.Pattern.compile("CPU time: ([0-9.]+ [mµn]?s) ").matcher(report);
        assertTrue(cpu.find(), report);
        return nanos(cpu.group(1));
    }

    private static long nanos(String duration) {
        String[] parts = duration.split(" ");
        double factor = switch (parts[1]) {
            case "s" -> 1e9;
            case "ms" -> 1e6;
            case "µs" -> 1e3;
            default -> 1;
        };
        return (long) (Double.parseDouble(parts[0]) * factor);
    }

    @Test
    void timeitReportsMeanAndSpreadPerLoop() throws Exception {
        for (String code : List.of("%timeit fib(12)", "%timeit Math.sqrt(2.0)", "%timeit fib(12);")) {
            String report = running.client().run(code).stdout();
            assertTrue(report.matches("[0-9.]+ [mµn]?s ± [0-9.]+ [mµn]?s per loop \\(mean ± std\\. dev\\. of 7 runs, [0-9,]+ loops? each, after [0-9]+ warm-up runs?\\)\n"),
                    code + " printed " + report);
        }
    }

    @Test
    void bashCellsStreamTheirOutputAndFailOnAnErrorExit() throws Exception {
        Run ok = running.client().run("%%bash\necho one\necho \"two $((1 + 1))\"");
        assertEquals("one\ntwo 2\n", ok.stdout());
        Run failed = running.client().run("%%bash\necho before\nexit 3");
        assertEquals("before\n", failed.stdout());
        assertTrue(failed.error().content().path("evalue").asText().contains("bash exited with code 3"), failed.error().toString());
    }

    @Test
    void classpathAddsJarsForTheNotebookAndItsChildren(@TempDir Path folder) throws Exception {
        Path source = folder.resolve("Greeter.java");
        Files.writeString(source, "package greet; public class Greeter { public static String hello() { return \"hello from a jar\"; } }");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", folder.resolve("classes").toString(), source.toString()));
        try (OutputStream file = Files.newOutputStream(folder.resolve("greeter.jar")); JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new JarEntry("greet/Greeter.class"));
            jar.write(Files.readAllBytes(folder.resolve("classes/greet/Greeter.class")));
        }
        Run added = running.client().run("%classpath " + folder + "/*.jar");
        assertTrue(added.stdout().contains("greeter.jar"), added.stdout());
        assertEquals("\"hello from a jar\"", running.client().run("greet.Greeter.hello()").result());
        assertEquals("\"hello from a jar\"", running.client().run("Processes.start(() -> greet.Greeter.hello()).result()").result());
        assertTrue(running.client().run("%classpath " + folder + "/missing.jar").error().content().path("evalue").asText().contains("missing.jar"));
    }

    @Test
    void mavenResolvesAnArtifactWithItsDependencies() throws Exception {
        // commons-text depends on commons-lang3: both must arrive.
        Run added = running.client().run("%maven org.apache.commons:commons-text:1.12.0");
        assertEquals("ok", added.status(), added.iopub().toString());
        assertTrue(added.stdout().contains("commons-text-1.12.0.jar") && added.stdout().contains("commons-lang3"), added.stdout());
        assertEquals("\"Hello\"", running.client().run("org.apache.commons.lang3.StringUtils.capitalize(\"hello\")").result());
        assertEquals("\"olleh\"", running.client().run("Processes.start(() -> org.apache.commons.lang3.StringUtils.reverse(\"hello\")).result()").result());
        String missing = running.client().run("%maven org.example.conclab:no-such-artifact:1.0").error().content().path("evalue").asText();
        assertTrue(missing.contains("org.example.conclab:no-such-artifact:jar:1.0"), missing);
    }
}
