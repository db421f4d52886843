package dev.conclab.runtime.timeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.management.ObjectName;

/**
 * Where Flight Recorder writes its chunks. By default that is {@code java.io.tmpdir/<date>_<pid>},
 * 0755 with 0644 files: thread and class names of the notebook readable by every user of the
 * machine. The recording goes to a 0700 directory of its own instead.
 */
final class JfrRepository {
    private static final String PREFIX = "conclab-jfr-";

    private JfrRepository() {}

    /** Points JFR at a private directory, unless it already uses one of ours (set once per JVM). */
    static void makePrivate() {
        String current = System.getProperty("jdk.jfr.repository", "");
        if (current.contains(PREFIX)) {
            return;
        }
        try {
            Path directory = Files.createTempDirectory(PREFIX, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            directory.toFile().deleteOnExit();
            // JFR.configure, the in-process form of -XX:FlightRecorderOptions:repository=...
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "jfrConfigure", new Object[] {new String[] {"repositorypath=" + directory}},
                    new String[] {String[].class.getName()});
        } catch (IOException | javax.management.JMException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot give Flight Recorder a private directory: " + e, e);
        }
    }
}
