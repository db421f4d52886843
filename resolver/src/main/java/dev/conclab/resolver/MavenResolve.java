package dev.conclab.resolver;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves Maven coordinates and their runtime dependencies to jar files, from Maven Central
 * into the local repository ({@code ~/.m2/repository}, shared with Maven itself). The executor
 * loads this class in a class loader of its own and calls it through {@link Function}, a JDK
 * type, so none of Maven Resolver's libraries reach the notebook's class path.
 *
 * <p>Throws {@link IllegalArgumentException} with a message for the notebook when an artifact
 * cannot be resolved.
 */
public final class MavenResolve implements Function<List<String>, List<String>> {
    private static final RemoteRepository CENTRAL =
            new RemoteRepository.Builder("central", "default", "https://repo.maven.apache.org/maven2/").build();

    @Override
    public List<String> apply(List<String> coordinates) {
        RepositorySystem system = new RepositorySystemSupplier().get();
        try {
            DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
            // POM profiles activate on the JDK version: without these, every such POM reads as empty
            // and the artifact's dependencies are silently missing.
            session.setSystemProperties(System.getProperties());
            Path local = Path.of(System.getProperty("user.home"), ".m2", "repository");
            session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(local.toFile())));
            CollectRequest collect = new CollectRequest();
            for (String coordinate : coordinates) {
                try {
                    collect.addDependency(new Dependency(new DefaultArtifact(coordinate), JavaScopes.RUNTIME));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("\"" + coordinate + "\" is not group:artifact:version"
                            + " (or group:artifact:extension:classifier:version)", e);
                }
            }
            collect.addRepository(CENTRAL);
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            List<String> jars = new ArrayList<>();
            for (ArtifactResult result : system.resolveDependencies(session, request).getArtifactResults()) {
                File file = result.getArtifact().getFile();
                if (file != null && file.getName().endsWith(".jar")) {
                    jars.add(file.getAbsolutePath());
                }
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new IllegalArgumentException("%maven could not resolve " + String.join(" ", coordinates) + ": "
                    + rootMessage(e), e);
        } finally {
            system.shutdown();
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = String.valueOf(failure.getMessage());
        return cause == failure || message.contains(String.valueOf(cause.getMessage())) ? message : message + " (" + cause.getMessage() + ")";
    }
}
