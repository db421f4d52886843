package dev.conclab.runtime.ipc;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * A map that many threads and processes share, like the {@code dict} of Python's
 * {@code multiprocessing.Manager}: the JVM that created it holds the entries, and every copy of
 * this handle (hand it to child processes like any other variable) reads and writes them there.
 * Keys and values must be {@link Serializable}; what a call returns is a copy.
 *
 * <p>Each call is atomic, but a {@code get} followed by a {@code put} is two calls, and another
 * process may write in between: count with {@link #merge} instead, which runs whole on the server.
 *
 * <pre>{@code
 * ProcessMap<String, Long> counts = Manager.map();
 * counts.merge("hits", 1L, Long::sum);   // atomic, from any thread or child process
 * }</pre>
 *
 * @param <K> the keys
 * @param <V> the values
 */
public final class ProcessMap<K, V> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final HostedClient client;

    /**
     * A function that combines an old and a new value in the JVM that serves the map: it travels
     * there serialized, so a lambda or method reference given where one is expected
     * ({@code Long::sum}) is made serializable by the compiler, and what it captures must be too.
     *
     * @param <V> the values
     */
    @FunctionalInterface
    public interface MergeFunction<V> extends BinaryOperator<V>, Serializable {}

    private ProcessMap(HostedClient client) {
        this.client = client;
    }

    /** A new, empty map, served from this JVM; {@link Manager#map()} is the same. */
    @SuppressWarnings("unchecked")
    public static <K, V> ProcessMap<K, V> create() {
        // Insertion order, as Python's dict keeps it: printed maps read in the order they were filled.
        Map<Object, Object> entries = new LinkedHashMap<>();
        return new ProcessMap<>(Managed.serve("map", (operation, arguments) -> switch (operation) {
            case "put" -> entries.put(arguments[0], arguments[1]);
            case "get" -> entries.get(arguments[0]);
            case "getOrDefault" -> entries.getOrDefault(arguments[0], arguments[1]);
            case "containsKey" -> entries.containsKey(arguments[0]);
            case "merge" -> entries.merge(arguments[0], arguments[1], (BinaryOperator<Object>) arguments[2]);
            case "remove" -> entries.remove(arguments[0]);
            case "size" -> entries.size();
            case "toMap" -> new LinkedHashMap<>(entries);
            default -> throw new IllegalArgumentException("unknown map operation " + operation);
        }));
    }

    /** Maps {@code key} to {@code value}; returns the value it replaced, or null. */
    @SuppressWarnings("unchecked")
    public V put(K key, V value) throws InterruptedException {
        return (V) Managed.call(client, "put", key, value);
    }

    /** The value of {@code key}, or null when there is none. */
    @SuppressWarnings("unchecked")
    public V get(K key) throws InterruptedException {
        return (V) Managed.call(client, "get", key);
    }

    /** The value of {@code key}, or {@code fallback} when there is none. */
    @SuppressWarnings("unchecked")
    public V getOrDefault(K key, V fallback) throws InterruptedException {
        return (V) Managed.call(client, "getOrDefault", key, fallback);
    }

    /** Whether {@code key} has a value. */
    public boolean containsKey(K key) throws InterruptedException {
        return (Boolean) Managed.call(client, "containsKey", key);
    }

    /**
     * Atomically, as {@link Map#merge} does in one JVM: puts {@code value} when {@code key} has no
     * value, else replaces the old value with {@code merge.apply(old, value)} (null removes it).
     * Nothing else touches the map meanwhile, so {@code merge(key, 1L, Long::sum)} loses no count.
     *
     * @return the new value
     * @throws IllegalStateException when {@code merge} threw in the serving JVM (its exception is the cause)
     */
    @SuppressWarnings("unchecked")
    public V merge(K key, V value, MergeFunction<V> merge) throws InterruptedException {
        return (V) Managed.call(client, "merge", key, value, merge);
    }

    /** Removes {@code key}; returns its value, or null. */
    @SuppressWarnings("unchecked")
    public V remove(K key) throws InterruptedException {
        return (V) Managed.call(client, "remove", key);
    }

    /** How many keys have a value now. */
    public int size() throws InterruptedException {
        return (Integer) Managed.call(client, "size");
    }

    /** A copy of every entry as it is now, in insertion order. */
    @SuppressWarnings("unchecked")
    public Map<K, V> toMap() throws InterruptedException {
        return (Map<K, V>) Managed.call(client, "toMap");
    }

    /** The entries now, so that a cell ending with the map shows them. */
    @Override
    public String toString() {
        try {
            return toMap().toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "ProcessMap (interrupted while reading it)";
        }
    }
}
