package dev.conclab.runtime.internal.cluster;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the cluster engine from the {@code cluster} folder beside the runtime jar, in a class
 * loader whose parent is the runtime's: the engine sees the runtime's API, and its jars (17 MB of
 * Hazelcast) are read only by a notebook that uses a cluster.
 */
public final class EngineLoader {
    private static final String ENGINE_CLASS = "dev.conclab.cluster.HazelcastEngine";
    /** Where the engine's jars are when the runtime is not in a jar (a test): set by the build. */
    public static final String FOLDER_PROPERTY = "conclab.cluster.folder";

    private EngineLoader() {}

    /** The engine, loaded anew; callers keep it. */
    public static ClusterEngine load() {
        List<Path> jars = jars();
        try {
            URL[] urls = jars.stream().map(EngineLoader::url).toArray(URL[]::new);
            ClassLoader loader = new URLClassLoader("conclab-cluster", urls, EngineLoader.class.getClassLoader());
            return (ClusterEngine) loader.loadClass(ENGINE_CLASS).getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new IllegalStateException("the cluster engine in " + folder() + " does not load (" + e
                    + "); reinstall the kernel with install.sh", e);
        }
    }

    /** The engine's jars, which a member's class path needs beside the runtime. */
    public static List<Path> jars() {
        Path folder = folder();
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IOException("no jars in it");
            }
            return jars;
        } catch (IOException e) {
            throw new IllegalStateException("clusters are not available: the engine's folder " + folder
                    + " cannot be read (" + e.getMessage() + "); reinstall the kernel with install.sh", e);
        }
    }

    private static Path folder() {
        String set = System.getProperty(FOLDER_PROPERTY);
        if (set != null) {
            return Path.of(set);
        }
        try {
            Path code = Path.of(EngineLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.resolveSibling("cluster");
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("clusters are not available: cannot tell where the kernel is installed (" + e + ")", e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
