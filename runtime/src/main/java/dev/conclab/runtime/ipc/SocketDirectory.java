package dev.conclab.runtime.ipc;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The private directory that holds this JVM's shared-object sockets (and a semaphore's shared
 * permits, {@link Permits}): made on first use, mode
 * 0700, so that only its owner (and root) can connect to a socket inside; deleted, with its
 * sockets, when the JVM exits normally.
 */
final class SocketDirectory {
    private static final AtomicLong NUMBERS = new AtomicLong();

    private SocketDirectory() {}

    /** A new socket path in the directory, named after {@code kind} ("queue-3.sock"). */
    static Path newSocket(String kind) {
        return newPath(kind, ".sock");
    }

    /** A new path in the directory for a file of {@code kind} ("semaphore-4.permits"), deleted on exit. */
    static Path newPath(String kind, String suffix) {
        Path path = Holder.DIRECTORY.resolve(kind + "-" + NUMBERS.incrementAndGet() + suffix);
        path.toFile().deleteOnExit();
        return path;
    }

    private static final class Holder {
        static final Path DIRECTORY = create();

        private static Path create() {
            try {
                // The shorter /tmp when the usual temporary directory is long: a socket path has at most 107 bytes.
                Path base = Path.of(System.getProperty("java.io.tmpdir"));
                if (base.toString().length() > 60) {
                    base = Path.of("/tmp");
                }
                Path directory = Files.createTempDirectory(base, "conclab-ipc-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                // Registered before its sockets, so deleted after them.
                new File(directory.toString()).deleteOnExit();
                return directory;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a private directory for shared objects' sockets", e);
            }
        }
    }
}
