package dev.conclab.runtime.serial;

import java.io.ObjectInputFilter;
import java.util.function.Predicate;

/**
 * The JEP 290 filter of one stream that reads what another process wrote: limits per top-level
 * object ({@link Limits}), then classes, allowed by the stream's own rule (such as
 * {@link NotebookClasses}) or by the notebook through the system property {@value #PROPERTY}.
 * It remembers why it refused, so that the reader can say what was refused and how to allow it
 * instead of ObjectInputStream's bare "filter status: REJECTED".
 *
 * <p>The property is read when a stream is made, so {@code System.setProperty} in a cell takes
 * effect at the next read, and children started afterwards get it too.
 */
public final class SerialFilter implements ObjectInputFilter {
    /**
     * A JEP 290 pattern of what else to accept: class patterns ({@code com.example.Point},
     * {@code com.example.**}) and limits ({@code maxdepth=1000}), separated by {@code ;}.
     */
    public static final String PROPERTY = "conclab.serial.filter";

    private final String source;
    private final Predicate<Class<?>> allowed;
    private final Limits limits;
    private final ObjectInputFilter extra;
    // Per stream, touched only by the thread reading it.
    private long referencesBefore;
    private long bytesBefore;
    private boolean startingObject = true;
    private String refusal;

    private SerialFilter(String source, Predicate<Class<?>> allowed, String pattern) {
        this.source = source;
        this.allowed = allowed;
        this.limits = Limits.from(pattern);
        this.extra = pattern.isBlank() ? null : extra(pattern);
    }

    private static ObjectInputFilter extra(String pattern) {
        try {
            return ObjectInputFilter.Config.createFilter(pattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the system property " + PROPERTY + " is \"" + pattern + "\", which is not a"
                    + " JEP 290 pattern (" + e.getMessage() + "); set it to class patterns and limits separated by ;"
                    + " (such as com.example.Point;maxdepth=400), or clear it with System.clearProperty(\"" + PROPERTY + "\")", e);
        }
    }

    /** A filter for a stream from {@code source} (named in errors) whose own classes pass {@code allowed}. */
    public static SerialFilter of(String source, Predicate<Class<?>> allowed) {
        return new SerialFilter(source, allowed, System.getProperty(PROPERTY, ""));
    }

    /** A filter for what a notebook sends between its processes. */
    public static SerialFilter forNotebook(String source) {
        return of(source, NotebookClasses::allows);
    }

    /** The next check belongs to a new top-level object: the limits count afresh. */
    void startObject() {
        startingObject = true;
        refusal = null;
    }

    /** Why the last object was refused, for the user, or null when it was not. */
    String refusal() {
        return refusal;
    }

    String source() {
        return source;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (startingObject) {
            startingObject = false;
            referencesBefore = info.references();
            bytesBefore = info.streamBytes();
        }
        String over = limits.exceeded(info.depth(), info.references() - referencesBefore,
                Math.max(0, info.arrayLength()), info.streamBytes() - bytesBefore);
        if (over != null) {
            return refuse("an object from " + source + " was refused: " + over + ". If the data is yours, raise the limit"
                    + " before reading it, in the process that reads it: System.setProperty(\"" + PROPERTY
                    + "\", \"" + limits.raised(over) + "\") (child processes started afterwards get it too).");
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return Status.UNDECIDED;
        }
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (element.isPrimitive()) {
            return Status.ALLOWED;
        }
        Status said = extra == null ? Status.UNDECIDED : extra.checkInput(new ClassOnly(element));
        if (said == Status.REJECTED) {
            return refuse("an object of class " + element.getName() + " from " + source
                    + " was refused by the pattern in the system property " + PROPERTY + ".");
        }
        if (said == Status.ALLOWED || allowed.test(element)) {
            return Status.ALLOWED;
        }
        return refuse("an object of class " + element.getName() + " from " + source + " was refused: only the notebook's"
                + " own classes, the runtime's, the JDK's values, collections and exceptions, and lambdas may cross"
                + " processes, so that nothing read can run code the notebook did not write. If you trust the class,"
                + " allow it before it is read, in the process that reads it: System.setProperty(\"" + PROPERTY + "\", \""
                + element.getName() + "\") (" + packagePattern(element) + "child processes started afterwards get it too).");
    }

    /** A pattern for the class's whole package, when it has one: JEP 290 has none for the unnamed package. */
    private static String packagePattern(Class<?> element) {
        String pkg = element.getPackageName();
        return pkg.isEmpty() ? "" : "or a pattern such as " + pkg + ".*; ";
    }

    private Status refuse(String why) {
        refusal = why;
        return Status.REJECTED;
    }

    /** The user's pattern sees the element class only, its limits being ours to apply. */
    private record ClassOnly(Class<?> element) implements FilterInfo {
        @Override
        public Class<?> serialClass() {
            return element;
        }

        @Override
        public long arrayLength() {
            return -1;
        }

        @Override
        public long depth() {
            return 1;
        }

        @Override
        public long references() {
            return 0;
        }

        @Override
        public long streamBytes() {
            return 0;
        }
    }
}
