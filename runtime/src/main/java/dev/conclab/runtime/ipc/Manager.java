package dev.conclab.runtime.ipc;

/**
 * Collections shared by threads and processes, named as Python's {@code multiprocessing.Manager}
 * names them: {@code Manager.map()} is {@code manager.dict()}, {@code Manager.list()} is
 * {@code manager.list()}. Java needs no manager process: the JVM that creates a collection serves
 * it, as it serves a {@link ProcessQueue}.
 *
 * <pre>{@code
 * ProcessMap<String, Long> counts = Manager.map();
 * ProcessList<String> log = Manager.list();
 * }</pre>
 */
public final class Manager {
    private Manager() {}

    /** A new, empty {@link ProcessMap}, served from this JVM. */
    public static <K, V> ProcessMap<K, V> map() {
        return ProcessMap.create();
    }

    /** A new, empty {@link ProcessList}, served from this JVM. */
    public static <T> ProcessList<T> list() {
        return ProcessList.create();
    }
}
