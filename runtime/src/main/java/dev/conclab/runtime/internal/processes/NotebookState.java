package dev.conclab.runtime.internal.processes;


import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.RefusedObjectException;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The notebook's top-level variables, copied into a child process: JShell keeps them in static
 * fields of its wrapper classes, which a lambda does not capture, so a child would otherwise see
 * them all as null. Every variable whose value is {@link Serializable} is copied; the others
 * (threads, pools, open files) stay null in the child.
 */
public final class NotebookState implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String WRAPPER_PREFIX = "$JShell$";
    private static final Pattern WRAPPER_CLASS = Pattern.compile("\\$JShell\\$\\d{1,18}[A-Z]*\\.class");

    /** Class name to field name to the field's serialized value. */
    private final Map<String, Map<String, byte[]>> values;

    private NotebookState(Map<String, Map<String, byte[]>> values) {
        this.values = values;
    }

    /** Copies the variables of the cells whose classes {@code notebook} loaded and the executor kept. */
    public static NotebookState capture(ClassLoader notebook) {
        Map<String, Map<String, byte[]>> values = new HashMap<>();
        String directory = System.getProperty(ChildJvms.CELL_CLASSES_PROPERTY);
        if (directory == null || notebook == null) {
            return new NotebookState(values);
        }
        List<String> wrappers;
        try (Stream<Path> files = Files.list(Path.of(directory, "REPL"))) {
            wrappers = files.map(file -> file.getFileName().toString())
                    .filter(name -> WRAPPER_CLASS.matcher(name).matches())
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .sorted(NEWEST_FIRST)
                    .toList();
        } catch (IOException e) {
            return new NotebookState(values); // no cell has declared anything yet
        }
        // A variable declared again lives in the newer cell's class; the older one's copy is what
        // JShell overwrote, which no code reads, and the child would load its class for nothing.
        Set<String> declared = new HashSet<>();
        wrappers.forEach(name -> capture(notebook, "REPL." + name, declared, values));
        return new NotebookState(values);
    }

    /** {@code $JShell$12B} (snippet 12 compiled again) before {@code $JShell$12}, and both after {@code $JShell$13}. */
    private static final Comparator<String> NEWEST_FIRST = Comparator
            .comparingLong(NotebookState::snippetNumber)
            .thenComparingInt(name -> name.length())
            .thenComparing(Comparator.naturalOrder())
            .reversed();

    /** 12 for {@code $JShell$12} and {@code $JShell$12B}. */
    private static long snippetNumber(String wrapper) {
        int end = wrapper.length();
        while (end > WRAPPER_PREFIX.length() && !Character.isDigit(wrapper.charAt(end - 1))) {
            end--;
        }
        return Long.parseLong(wrapper.substring(WRAPPER_PREFIX.length(), end));
    }

    private static void capture(ClassLoader notebook, String className, Set<String> declared, Map<String, Map<String, byte[]>> values) {
        try {
            Class<?> wrapper = Class.forName(className, false, notebook);
            for (Field field : wrapper.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (!Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers) || field.isSynthetic()
                        || !declared.add(field.getName())) {
                    continue;
                }
                field.setAccessible(true);
                byte[] bytes = serialized(field.get(null));
                if (bytes != null) {
                    values.computeIfAbsent(className, name -> new HashMap<>()).put(field.getName(), bytes);
                }
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // A class JShell has replaced or dropped: nothing of it is in use.
        }
    }

    private static byte[] serialized(Object value) {
        if (value == null || !(value instanceof Serializable)) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
            return bytes.toByteArray();
        } catch (IOException e) {
            return null;
        }
    }

    /** This state, serialized, as a pool sends it to its workers. */
    byte[] bytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(this);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the notebook's variables into memory", e);
        }
        return bytes.toByteArray();
    }

    /** Sets the copied variables in this (child) JVM, where the cell classes are on the class path. */
    public void restore() {
        restore(NotebookState.class.getClassLoader(), (name, bytes) -> {
            SerialFilter filter = SerialFilter.forNotebook("the notebook's variable " + name);
            try (FilteredInput in = new FilteredInput(new ByteArrayInputStream(bytes), filter)) {
                return in.readChecked();
            }
        });
    }

    /** Reads one variable's value; the name is for messages. */
    @FunctionalInterface
    public interface Reader {
        Object read(String variable, byte[] bytes) throws IOException, ClassNotFoundException;
    }

    /**
     * Sets the copied variables in the cell classes {@code classes} loads (a cluster member, where
     * they are shipped rather than on the class path), each value read by {@code reader}.
     */
    public void restore(ClassLoader classes, Reader reader) {
        values.forEach((className, fields) -> {
            try {
                Class<?> wrapper = Class.forName(className, true, classes);
                for (Map.Entry<String, byte[]> entry : fields.entrySet()) {
                    Field field = wrapper.getDeclaredField(entry.getKey());
                    field.setAccessible(true);
                    try {
                        field.set(null, reader.read(entry.getKey(), entry.getValue()));
                    } catch (RefusedObjectException refused) {
                        // The variable stays null; say why, as the child's code may well need it.
                        System.err.println(refused.getMessage());
                    } catch (IOException | ClassNotFoundException e) {
                        // That variable stays null in the child.
                    }
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                // A class the child cannot load: its variables stay null.
            }
        });
    }
}
