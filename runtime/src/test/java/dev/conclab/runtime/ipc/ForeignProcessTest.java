package dev.conclab.runtime.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process on the machine that holds no handle, run as the same user (another notebook of
 * the same student) and, where the test runs as root, as a second OS user: it tries each shared
 * object's socket with a request and no secret, with a guessed secret, and with raw bytes (see
 * {@link Intruder}). It must receive nothing, and the notebook's objects must be as they were.
 */
class ForeignProcessTest {
    private static final String SECOND_USER = "conclab-intruder";

    @Test
    void aProcessOfTheSameUserWithNoHandleGetsNothingAndChangesNothing() throws Exception {
        Notebook notebook = new Notebook();
        List<String> report = run(List.of(), System.getProperty("java.class.path"), notebook.targets());
        notebook.assertUntouched(report);
    }

    @Test
    void aSecondOsUserWithNoHandleGetsNothingAndChangesNothing(@TempDir Path scratch) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: creating a second OS user needs root (CI runs as root); the same-user test still ran");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "skipped: useradd or setpriv is missing");
        ensureSecondUser();
        Notebook notebook = new Notebook();
        String classPath = readableCopy(scratch);
        int uid = Integer.parseInt(output(new ProcessBuilder("id", "-u", SECOND_USER)).trim());
        List<String> report = run(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"),
                classPath, notebook.targets());
        notebook.assertUntouched(report);
    }

    /** A notebook's shared objects, each holding something the intruder would want. */
    private static final class Notebook {
        final ProcessQueue<String> queue = ProcessQueue.create();
        final ProcessMap<String, String> map = Manager.map();
        final ProcessList<String> list = Manager.list();
        final ProcessSemaphore semaphore = ProcessSemaphore.create(1);

        Notebook() throws InterruptedException {
            queue.put("exam answers: 42");
            map.put("grade", "A");
            list.add("first");
        }

        List<String> targets() throws ReflectiveOperationException {
            List<String> targets = new ArrayList<>();
            for (Object handle : List.of(queue, map, list, semaphore)) {
                var field = handle.getClass().getDeclaredField("client");
                field.setAccessible(true);
                Endpoint endpoint = ((HostedClient) field.get(handle)).endpoint();
                targets.add(endpoint.socket());
            }
            return targets;
        }

        void assertUntouched(List<String> report) throws InterruptedException {
            assertEquals(4 * 3, report.size(), "one line per try: " + report);
            for (String line : report) {
                assertTrue(line.contains("nothing") && !line.contains("RECEIVED"), line);
            }
            assertEquals(1, queue.size(), "the queue still holds its item");
            assertEquals("exam answers: 42", queue.take());
            assertEquals("A", map.get("grade"));
            assertEquals(List.of("first"), list.toList());
            // The one permit is still free: no intruder acquired it.
            semaphore.acquire();
            semaphore.release();
        }
    }

    private static List<String> run(List<String> prefix, String classPath, List<String> targets) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, Intruder.class.getName()));
        command.addAll(targets);
        Process intruder = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(intruder.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(intruder.waitFor(120, TimeUnit.SECONDS), "the intruder ended");
        assertEquals(0, intruder.exitValue(), output);
        System.out.println(output); // what the intruder saw, for whoever reads the test's log
        return output.lines().filter(line -> line.startsWith("socket ")).toList();
    }

    private static void ensureSecondUser() throws IOException, InterruptedException {
        if (new ProcessBuilder("id", SECOND_USER).start().waitFor() != 0) {
            Process add = new ProcessBuilder("/usr/sbin/useradd", "--system", "--no-create-home",
                    "--shell", "/usr/sbin/nologin", SECOND_USER).redirectErrorStream(true).start();
            String said = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // Another run may have made it meanwhile; id decides.
            add.waitFor();
            assertEquals(0, new ProcessBuilder("id", SECOND_USER).start().waitFor(), "useradd: " + said);
        }
    }

    /** The intruder's classes, copied where the second user can read them (root's ~/.m2 is private). */
    private static String readableCopy(Path scratch) throws IOException {
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.isDirectory(from)) {
                continue;
            }
            Path to = scratch.resolve((n++) + "-" + from.getFileName());
            copy(from, to);
            entries.add(to.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    private static String output(ProcessBuilder command) throws IOException, InterruptedException {
        Process process = command.redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertFalse(process.waitFor() != 0, text);
        return text;
    }
}
