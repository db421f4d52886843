package dev.conclab.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;

/**
 * Keeps the compiled classes of the notebook's cells as class files in a directory, which child
 * JVMs put on their class path: that is how a child runs methods and records defined in cells.
 */
final class CellClasses {
    private final Path directory;

    /** Classes kept nowhere: for the scratch JShell that only warms up the compiler. */
    static CellClasses none() {
        return new CellClasses(null);
    }

    CellClasses(Path directory) {
        this.directory = directory;
    }

    /** Whether the classes are kept: the notebook's JShell, not the warm-up's. */
    boolean kept() {
        return directory != null;
    }

    void save(ClassBytecodes[] classes) {
        if (directory == null) {
            return;
        }
        for (ClassBytecodes type : classes) {
            Path file = directory.resolve(type.name().replace('.', '/') + ".class");
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, type.bytecodes());
            } catch (IOException e) {
                System.err.println("Child processes will not see class " + type.name() + ": " + e.getMessage());
            }
        }
    }
}
