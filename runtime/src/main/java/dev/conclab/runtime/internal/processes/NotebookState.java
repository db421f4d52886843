package dev.conclab.runtime.internal.processes;


import dev.conclab.runtime.serial.FilteredInput;
import dev.conclab.runtime.serial.RefusedObjectException;
import dev.conclab.runtime.serial.SerialFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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
        wrappers.forEach(name -> capture(notebook, "REPL." + name, declared, values, null));
        return new NotebookState(values);
    }

    /**
     * Copies the variables a child's {@code task} can read: those of the cells' classes its code
     * reaches ({@link CellClassReach}) from the classes of what travels with it (its own class, or
     * a lambda's capturing class and captured values) and from those of the variables' own values.
     * When a cell's class file cannot be read, every variable is copied, as {@link #capture(ClassLoader)}.
     */
    public static NotebookState captureFor(ClassLoader notebook, Object task) {
        String directory = System.getProperty(ChildJvms.CELL_CLASSES_PROPERTY);
        if (directory == null || notebook == null) {
            return new NotebookState(new HashMap<>());
        }
        Map<String, Map<String, byte[]>> values = new HashMap<>();
        CellClassReach reach = new CellClassReach(Path.of(directory));
        try {
            Set<String> named = new HashSet<>();
            serialized(task, named);
            List<String> reached = reach.add(named);
            while (!reached.isEmpty()) {
                Set<String> found = new HashSet<>();
                for (String className : reached) {
                    if (WRAPPER_CLASS.matcher(className.substring("REPL.".length()) + ".class").matches()) {
                        capture(notebook, className, null, values, found);
                    }
                }
                reached = reach.add(found);
            }
        } catch (IOException | RuntimeException e) {
            return capture(notebook);
        }
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

    /**
     * Copies the variables of cell class {@code className}: those not in {@code declared} (which
     * it adds them to), or all when it is null; adds the notebook's classes their values hold to
     * {@code found}, unless it is null.
     */
    private static void capture(ClassLoader notebook, String className, Set<String> declared,
            Map<String, Map<String, byte[]>> values, Set<String> found) {
        try {
            Class<?> wrapper = Class.forName(className, false, notebook);
            for (Field field : wrapper.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (!Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers) || field.isSynthetic()
                        || (declared != null && !declared.add(field.getName()))) {
                    continue;
                }
                field.setAccessible(true);
                byte[] bytes = serialized(field.get(null), found);
                if (bytes != null) {
                    values.computeIfAbsent(className, name -> new HashMap<>()).put(field.getName(), bytes);
                }
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // A class JShell has replaced or dropped: nothing of it is in use.
        }
    }

    /**
     * A variable's value as it travels: a plain one (a boxed number, a boolean, a string) as
     * {@link ChunkValues}, which a child reads without an object stream (each took a young JVM
     * about 0.5 ms), anything else Java-serialized; null when it cannot travel. Adds the
     * notebook's classes the value holds to {@code found}, unless it is null.
     */
    private static byte[] serialized(Object value, Set<String> found) {
        if (value == null || !(value instanceof Serializable)) {
            return null;
        }
        byte[] plain = ChunkValues.ownOrNull(List.of(value));
        if (plain != null) {
            return plain;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = found == null ? new ObjectOutputStream(bytes) : new NamingOutput(bytes, found)) {
            out.writeObject(value);
            return bytes.toByteArray();
        } catch (IOException e) {
            return null;
        }
    }

    /** An object stream that notes the notebook's classes of what it writes, and those a lambda it writes names. */
    private static final class NamingOutput extends ObjectOutputStream {
        private final Set<String> found;

        NamingOutput(java.io.OutputStream out, Set<String> found) throws IOException {
            super(out);
            this.found = found;
            enableReplaceObject(true);
        }

        @Override
        protected void annotateClass(Class<?> type) {
            note(type.getName());
        }

        @Override
        protected Object replaceObject(Object written) {
            if (written instanceof java.lang.invoke.SerializedLambda lambda) {
                // The method a method reference calls may be another cell's; a lambda's body is its capturing class's.
                note(lambda.getImplClass().replace('/', '.'));
                note(lambda.getCapturingClass().replace('/', '.'));
            }
            return written;
        }

        private void note(String className) {
            if (className.startsWith("REPL.")) {
                found.add(className);
            }
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

    /** Writes this state as a child's task file holds it ({@link TaskFile}), without an object stream. */
    void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(values.size());
        for (Map.Entry<String, Map<String, byte[]>> type : values.entrySet()) {
            out.writeUTF(type.getKey());
            out.writeInt(type.getValue().size());
            for (Map.Entry<String, byte[]> field : type.getValue().entrySet()) {
                out.writeUTF(field.getKey());
                PoolWire.writeBytes(out, field.getValue());
            }
        }
    }

    /** A state {@link #writeTo written} into a task file. */
    static NotebookState readFrom(DataInputStream in) throws IOException {
        int types = in.readInt();
        if (types < 0) {
            throw new IOException("a task file with " + types + " classes of variables");
        }
        Map<String, Map<String, byte[]>> values = new HashMap<>();
        for (int i = 0; i < types; i++) {
            String type = in.readUTF();
            int fields = in.readInt();
            if (fields < 0) {
                throw new IOException("a task file with " + fields + " variables in " + type);
            }
            Map<String, byte[]> of = new HashMap<>();
            for (int f = 0; f < fields; f++) {
                of.put(in.readUTF(), PoolWire.readBytes(in));
            }
            values.put(type, of);
        }
        return new NotebookState(values);
    }

    /** A state that holds {@code values} for the static fields of {@code holder} (a spare's warm-up). */
    static NotebookState of(Class<?> holder, Map<String, ?> values) {
        Map<String, byte[]> fields = new HashMap<>();
        values.forEach((name, value) -> fields.put(name, serialized(value, null)));
        return new NotebookState(new HashMap<>(Map.of(holder.getName(), fields)));
    }

    /** The names of the variables copied, by class: for tests and messages. */
    Map<String, Set<String>> names() {
        Map<String, Set<String>> names = new HashMap<>();
        values.forEach((type, fields) -> names.put(type, Set.copyOf(fields.keySet())));
        return names;
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
                        byte[] bytes = entry.getValue();
                        field.set(null, ChunkValues.isOwn(bytes) ? ChunkValues.decode(bytes, "the notebook's variable "
                                + entry.getKey(), null).get(0) : reader.read(entry.getKey(), bytes));
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
