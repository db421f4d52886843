package dev.conclab.runtime.serial;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.function.Supplier;

/**
 * An {@link ObjectInputStream} for bytes another process wrote: every object passes a
 * {@link SerialFilter}, and classes resolve in the notebook's class loader first (the cells'
 * classes live in JShell's loader, which the default lookup does not see).
 */
public final class FilteredInput extends ObjectInputStream {
    private final SerialFilter filter;
    private final Supplier<ClassLoader> loader;

    /** Reads {@code in} through {@code filter}; {@code loader} gives the notebook's loader, or null for the default lookup. */
    public FilteredInput(InputStream in, SerialFilter filter, Supplier<ClassLoader> loader) throws IOException {
        super(in);
        this.filter = filter;
        this.loader = loader;
        setObjectInputFilter(filter);
    }

    /** As above, with the default class lookup (a child JVM, where the cells' classes are on the class path). */
    public FilteredInput(InputStream in, SerialFilter filter) throws IOException {
        this(in, filter, () -> null);
    }

    /**
     * Reads the next top-level object.
     *
     * @throws RefusedObjectException when the filter refused it, saying why and how to allow it
     */
    public Object readChecked() throws IOException, ClassNotFoundException {
        filter.startObject();
        try {
            return readObject();
        } catch (InvalidClassException e) {
            if (filter.refusal() != null) {
                throw new RefusedObjectException(filter.refusal(), e);
            }
            throw e;
        }
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
        ClassLoader notebook = loader.get();
        if (notebook != null) {
            try {
                return Class.forName(description.getName(), false, notebook);
            } catch (ClassNotFoundException e) {
                // Not the notebook's: the usual lookup below finds it.
            }
        }
        return super.resolveClass(description);
    }
}
