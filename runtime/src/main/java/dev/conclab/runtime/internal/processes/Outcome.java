package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/** What a child process hands back to its parent. */
public sealed interface Outcome extends Serializable {

    /** The task returned {@code value}. */
    public record Returned(Object value) implements Outcome {}

    /**
     * The task threw; {@code stackTrace} is the child's, as text, and {@code failure} the exception
     * itself, serialized apart so that an exception the parent cannot read still leaves the text.
     */
    public record Threw(String description, String stackTrace, byte[] failure) implements Outcome {
        public Threw(String description) {
            this(description, "", null);
        }

        public static Threw of(Throwable failure) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            failure.printStackTrace(new PrintStream(text, true, StandardCharsets.UTF_8));
            return new Threw(failure.toString(), text.toString(StandardCharsets.UTF_8), serialized(failure));
        }

        /** The child's exception, read in the notebook's classes, or null when it cannot be. */
        public Throwable cause(ClassLoader notebookClasses, String source) {
            if (failure == null) {
                return null;
            }
            SerialFilter filter = SerialFilter.forNotebook(source);
            try (FilteredInput in = new FilteredInput(new ByteArrayInputStream(failure), filter, () -> notebookClasses)) {
                return (Throwable) in.readChecked();
            } catch (IOException | ClassNotFoundException | ClassCastException e) {
                return null; // the message keeps the child's stack trace as text
            }
        }

        /** What the message says after the name of the task: the exception, and its trace as text only when it has no cause. */
        public String inChild(String where, Throwable cause) {
            return description + (cause != null || stackTrace.isEmpty() ? "" : "\nIn " + where + ":\n" + stackTrace);
        }

        private static byte[] serialized(Throwable failure) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(failure);
                return bytes.toByteArray();
            } catch (IOException e) {
                return null; // an exception that holds something not Serializable
            }
        }
    }
}
