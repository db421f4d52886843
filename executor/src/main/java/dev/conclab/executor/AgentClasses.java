package dev.conclab.executor;

import dev.conclab.executor.agent.ExecutorAgent;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Loads the Java agent's classes, the ASM it carries included, in the executor JVM that writes
 * the executor's class-data archive ({@code ToExecutor.ARCHIVE_RUN_PROPERTY}). That JVM runs
 * without the agent (HotSpot archives nothing while an agent could transform classes), so nothing
 * there loaded them, and every executor loaded, parsed and verified its ~40 classes from the jar
 * before its main method, on the way to the first cell. Loaded here, they join the archive and
 * the agent's executors map them as they do the rest.
 */
final class AgentClasses {
    private static final String PACKAGE = ExecutorAgent.class.getPackageName().replace('.', '/') + "/";

    private AgentClasses() {}

    static void loadForTheArchive() throws IOException, URISyntaxException, ClassNotFoundException {
        Path jar = Path.of(ExecutorAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (JarFile file = new JarFile(jar.toFile())) {
            names = file.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith(PACKAGE) && name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
        ClassLoader loader = AgentClasses.class.getClassLoader();
        for (String name : names) {
            // Loaded, not initialized: the hooks stay as the agent would leave them without an agent.
            Class.forName(name, false, loader);
        }
    }
}
