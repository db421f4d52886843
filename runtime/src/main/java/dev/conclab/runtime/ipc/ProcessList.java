package dev.conclab.runtime.ipc;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A list that many threads and processes share, like the {@code list} of Python's
 * {@code multiprocessing.Manager}: the JVM that created it holds the elements, and every copy of
 * this handle (hand it to child processes like any other variable) reads and writes them there.
 * Elements must be {@link Serializable}; what a call returns is a copy. Each call is atomic, so
 * appends from many processes are never lost.
 *
 * <pre>{@code
 * ProcessList<String> log = Manager.list();
 * log.add("done by " + ProcessHandle.current().pid());
 * }</pre>
 *
 * @param <T> the elements
 */
public final class ProcessList<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final HostedClient client;

    private ProcessList(HostedClient client) {
        this.client = client;
    }

    /** A new, empty list, served from this JVM; {@link Manager#list()} is the same. */
    public static <T> ProcessList<T> create() {
        List<Object> elements = new ArrayList<>();
        return new ProcessList<>(Managed.serve("list", (operation, arguments) -> switch (operation) {
            case "add" -> elements.add(arguments[0]);
            case "get" -> elements.get((Integer) arguments[0]);
            case "set" -> elements.set((Integer) arguments[0], arguments[1]);
            case "size" -> elements.size();
            case "toList" -> new ArrayList<>(elements);
            default -> throw new IllegalArgumentException("unknown list operation " + operation);
        }));
    }

    /** Appends {@code element} at the end. */
    public void add(T element) throws InterruptedException {
        Managed.call(client, "add", element);
    }

    /**
     * The element at {@code index}.
     *
     * @throws IllegalStateException with an {@link IndexOutOfBoundsException} as its cause, for a bad index
     */
    @SuppressWarnings("unchecked")
    public T get(int index) throws InterruptedException {
        return (T) Managed.call(client, "get", index);
    }

    /** Replaces the element at {@code index}; returns the element it replaced. */
    @SuppressWarnings("unchecked")
    public T set(int index, T element) throws InterruptedException {
        return (T) Managed.call(client, "set", index, element);
    }

    /** How many elements the list holds now. */
    public int size() throws InterruptedException {
        return (Integer) Managed.call(client, "size");
    }

    /** A copy of every element as it is now. */
    @SuppressWarnings("unchecked")
    public List<T> toList() throws InterruptedException {
        return (List<T>) Managed.call(client, "toList");
    }

    /** The elements now, so that a cell ending with the list shows them. */
    @Override
    public String toString() {
        try {
            return toList().toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "ProcessList (interrupted while reading it)";
        }
    }
}
