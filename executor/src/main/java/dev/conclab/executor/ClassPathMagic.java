package dev.conclab.executor;

import dev.conclab.kernel.channel.FromExecutor.Outcome;
import dev.conclab.kernel.channel.FromExecutor.Succeeded;
import dev.conclab.runtime.internal.cells.NotebookRuntime;
import dev.conclab.runtime.internal.processes.ChildJvms;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jdk.jshell.JShell;

/**
 * {@code %classpath} / {@code %jars} and {@code %maven}: puts jars on the class path of the
 * notebook's code and of every child JVM started afterwards.
 */
final class ClassPathMagic {
    private final JShell jshell;
    private final MavenArtifacts maven;

    ClassPathMagic(JShell jshell, MavenArtifacts maven) {
        this.jshell = jshell;
        this.maven = maven;
    }

    /** {@code %classpath a.jar lib/*.jar}: paths relative to the notebook's folder, globs allowed. */
    Outcome add(String argument) {
        if (argument.isBlank()) {
            return Magics.usage("%classpath needs jar files or folders, e.g. %classpath lib/*.jar");
        }
        List<Path> found = new ArrayList<>();
        for (String pattern : argument.trim().split("\\s+")) {
            List<Path> matches = expand(pattern);
            if (matches.isEmpty()) {
                return Magics.usage("%classpath: nothing matches " + pattern + " (from " + Path.of("").toAbsolutePath() + ")");
            }
            found.addAll(matches);
        }
        return addAll(found);
    }

    /** {@code %maven group:artifact:version ...}: resolves them and their runtime dependencies. */
    Outcome addMaven(String argument) {
        if (argument.isBlank()) {
            return Magics.usage("%maven needs coordinates, e.g. %maven com.google.guava:guava:33.4.8-jre");
        }
        try {
            return addAll(maven.resolve(List.of(argument.trim().split("\\s+"))));
        } catch (MavenArtifacts.ResolutionFailed e) {
            return Magics.error("MavenResolutionError", e.getMessage());
        }
    }

    private Outcome addAll(List<Path> paths) {
        List<String> names = new ArrayList<>();
        for (Path path : paths) {
            String absolute = path.toAbsolutePath().normalize().toString();
            jshell.addToClasspath(absolute);
            String before = System.getProperty(ChildJvms.EXTRA_CLASS_PATH_PROPERTY, "");
            System.setProperty(ChildJvms.EXTRA_CLASS_PATH_PROPERTY, before.isEmpty() ? absolute : before + File.pathSeparator + absolute);
            names.add(path.getFileName().toString());
        }
        NotebookRuntime.out().println("Added to the class path (also of child JVMs started from now on): " + String.join(", ", names));
        return new Succeeded(null, null);
    }

    private static List<Path> expand(String pattern) {
        if (!pattern.contains("*") && !pattern.contains("?")) {
            Path path = Path.of(pattern);
            return Files.exists(path) ? List.of(path) : List.of();
        }
        Path folder = Path.of(pattern).getParent() == null ? Path.of(".") : Path.of(pattern).getParent();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + Path.of(pattern).getFileName());
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> matcher.matches(file.getFileName())).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
