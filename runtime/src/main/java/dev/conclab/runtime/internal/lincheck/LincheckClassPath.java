package dev.conclab.runtime.internal.lincheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the child JVM of an interleaving search needs besides a child's usual class path: Lincheck's
 * jars, which the executor never loads (kernel/pom.xml copies them to {@code executor/lincheck/},
 * beside the runtime jar), and JVM options for Lincheck's agent.
 */
public final class LincheckClassPath {
    /** The directory beside the runtime jar that holds Lincheck and what it needs. */
    public static final String DIRECTORY = "lincheck";

    private LincheckClassPath() {}

    /** Lincheck's jars, or none when this JVM's class path has Lincheck already (the runtime's own tests). */
    public static List<Path> jars() {
        if (LincheckClassPath.class.getClassLoader().getResource("org/jetbrains/lincheck/Lincheck.class") != null) {
            return List.of();
        }
        Path directory = directory();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IllegalStateException("Lincheck's jars are not installed (looked in " + directory
                    + "); build and install the kernel with ./install.sh, which puts them in executor/" + DIRECTORY + "/");
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list Lincheck's jars in " + directory, e);
        }
    }

    /**
     * Options for the child: Lincheck attaches its agent at run time, which JDK 21 and later allow
     * only with {@code EnableDynamicAgentLoading} (unknown to JDK 17, hence IgnoreUnrecognizedVMOptions),
     * and puts a jar on the boot class path, which makes the JVM warn that class sharing is partly off.
     */
    public static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(List.of("-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading",
                "-XX:-PrintWarnings", "-Djdk.attach.allowAttachSelf=true"));
        if (Runtime.version().feature() >= 23) {
            // Lincheck uses sun.misc.Unsafe's memory access, which JDK 24 and later warn about on stderr.
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return options;
    }

    private static Path directory() {
        try {
            Path jar = Path.of(LincheckClassPath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.resolveSibling(DIRECTORY);
        } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
            return null;
        }
    }
}
