package dev.conclab.executor;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Resolves {@code %maven} coordinates with Maven Resolver, which lives in the {@code resolver}
 * folder next to the kernel jar and is loaded in a class loader of its own on first use: its
 * libraries (HTTP client, Gson, SLF4J, ...) never shadow the versions a notebook asks for.
 */
final class MavenArtifacts {
    private static final String RESOLVER_CLASS = "dev.conclab.resolver.MavenResolve";
    private Function<List<String>, List<String>> resolver;

    /** Why {@code %maven} could not provide the artifacts, said for the notebook. */
    static final class ResolutionFailed extends Exception {
        ResolutionFailed(String message) {
            super(message);
        }
    }

    /** The jars of {@code coordinates} and of their runtime dependencies, downloaded if need be. */
    List<Path> resolve(List<String> coordinates) throws ResolutionFailed {
        try {
            return resolver().apply(coordinates).stream().map(Path::of).toList();
        } catch (IllegalArgumentException e) {
            throw new ResolutionFailed(e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized Function<List<String>, List<String>> resolver() throws ResolutionFailed {
        if (resolver == null) {
            Path folder = resolverFolder();
            try (Stream<Path> files = Files.list(folder)) {
                URL[] jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().map(MavenArtifacts::url).toArray(URL[]::new);
                ClassLoader loader = new URLClassLoader("conclab-resolver", jars, ClassLoader.getPlatformClassLoader());
                resolver = (Function<List<String>, List<String>>) loader.loadClass(RESOLVER_CLASS).getConstructor().newInstance();
            } catch (IOException | ReflectiveOperationException | RuntimeException e) {
                throw new ResolutionFailed("%maven is not available: the resolver in " + folder + " does not load (" + e
                        + "); reinstall the kernel with install.sh");
            }
        }
        return resolver;
    }

    private static Path resolverFolder() throws ResolutionFailed {
        try {
            Path code = Path.of(MavenArtifacts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.resolveSibling("resolver");
        } catch (URISyntaxException | RuntimeException e) {
            throw new ResolutionFailed("%maven is not available: cannot tell where the kernel is installed (" + e + ")");
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
