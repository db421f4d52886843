package dev.conclab.kernel.debug;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file each cell's source is known by, named as JupyterLab names it before asking
 * (debugInfo's hashMethod, hashSeed, tmpFilePrefix and tmpFileSuffix): the prefix, the Murmur2
 * hash of the code, the suffix. The folder is private to this user and made on first use.
 */
public final class CellFiles {
    /** The seed ipykernel uses too; debugInfo sends it unsigned, JavaScript takes its low 32 bits. */
    static final long SEED = 3339675911L;
    static final String SUFFIX = ".java";
    private Path folder;

    synchronized Path folder() {
        if (folder == null) {
            try {
                // createTempDirectory makes it rwx------ on POSIX systems.
                folder = Files.createTempDirectory("conclab-debug-");
                folder.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    String prefix() {
        return folder() + "/";
    }

    /** The path JupyterLab computes for {@code code}. */
    String pathOf(String code) {
        return prefix() + Integer.toUnsignedString(murmur2(code, (int) SEED)) + SUFFIX;
    }

    /** Writes {@code code} to its file (dumpCell) and returns the path. */
    String dump(String code) throws IOException {
        String path = pathOf(code);
        Path file = Path.of(path);
        Files.writeString(file, code, StandardCharsets.UTF_8);
        file.toFile().deleteOnExit();
        return path;
    }

    /** The source of a cell file this kernel wrote, or null. */
    String read(String path) {
        Path file = Path.of(path);
        if (!file.startsWith(folder()) || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * MurmurHash2, 32 bits, as JupyterLab's murmurhash-js computes it: over the low byte of each
     * UTF-16 unit of the string, unsigned.
     */
    static int murmur2(String text, int seed) {
        final int m = 0x5bd1e995;
        int length = text.length();
        int h = seed ^ length;
        int i = 0;
        while (length - i >= 4) {
            int k = (text.charAt(i) & 0xff) | (text.charAt(i + 1) & 0xff) << 8
                    | (text.charAt(i + 2) & 0xff) << 16 | (text.charAt(i + 3) & 0xff) << 24;
            k *= m;
            k ^= k >>> 24;
            k *= m;
            h = h * m ^ k;
            i += 4;
        }
        switch (length - i) {
            case 3:
                h ^= (text.charAt(i + 2) & 0xff) << 16;
                // fall through
            case 2:
                h ^= (text.charAt(i + 1) & 0xff) << 8;
                // fall through
            case 1:
                h ^= text.charAt(i) & 0xff;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }
}
