package dev.conclab.kernel.channel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The temporary directory of one executor JVM, readable by its user alone: the channel's socket
 * and the cell classes that child JVMs load. The kernel makes it; whichever of the two JVMs
 * outlives the other deletes it.
 */
public record PrivateDirectory(Path path) {
    /** Makes a new directory for an executor. */
    public static PrivateDirectory create() throws IOException {
        return new PrivateDirectory(Files.createTempDirectory("conclab-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
    }

    /** The directory of the channel socket at {@code socket}. */
    public static PrivateDirectory ofSocket(Path socket) {
        return new PrivateDirectory(socket.getParent());
    }

    public Path socket() {
        return path.resolve("executor.sock");
    }

    /** Where the executor keeps the compiled classes of the cells; made on first use. */
    public Path cellClasses() {
        try {
            return Files.createDirectories(path.resolve("cells"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the directory and everything in it; quietly, as it may already be gone. */
    public void delete() {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Already gone.
        }
    }
}
