package dev.conclab.kernel.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text of one cell beyond what the notebook shows: written to a file instead of the notebook,
 * and counted, so that a flood costs disk, not the kernel's memory or the browser's patience.
 */
final class HeldBackOutput {
    private final Path file;
    private final BufferedWriter writer;
    private long lines;
    private long chars;

    HeldBackOutput(Path directory, int executionCount) {
        try {
            this.file = Files.createTempFile(directory, "conclab-output-In" + executionCount + "-", ".txt");
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write held-back output to " + directory, e);
        }
    }

    void write(String text) {
        try {
            writer.write(text);
        } catch (IOException e) {
            // Out of disk: the count still tells the person how much was not shown.
        }
        chars += text.length();
        lines += text.chars().filter(c -> c == '\n').count();
    }

    void close() {
        try {
            writer.close();
        } catch (IOException e) {
            // Nothing more will be written; what is on disk stays.
        }
    }

    /** The one line the cell shows about what was held back. */
    String notice() {
        return String.format("[%,d more lines (%,d characters) were not shown, to keep the notebook responsive. "
                + "They are in %s]%n", lines, chars, file);
    }
}
