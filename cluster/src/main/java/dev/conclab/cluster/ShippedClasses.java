package dev.conclab.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The notebook's compiled cells, shipped to the members through the map {@value #MAP}, keyed by
 * their digest: each set once, whatever the number of tasks; a member defines them in a class
 * loader per set ({@link #loader}). This is how a member started elsewhere, without the notebook's
 * class path, runs a cell's lambda.
 */
final class ShippedClasses {
    static final String MAP = "conclab.classes";
    /** Where the executor writes the cells' classes ({@code ChildJvms.CELL_CLASSES_PROPERTY}). */
    private static final String CELL_CLASSES_PROPERTY = "conclab.cell.classes";
    private static final String NONE = "none";
    private static final String LOADERS = "conclab.loaders";

    private final Set<String> published = ConcurrentHashMap.newKeySet();
    /** The last listing's signature (names, sizes, times) and its digest: a map's chunks read the classes once. */
    private String lastListing;
    private String lastDigest;

    /** Publishes the cells' classes as they are now, if they are new; their digest. */
    String publish(HazelcastInstance client) {
        String directory = System.getProperty(CELL_CLASSES_PROPERTY);
        if (directory == null || !Files.isDirectory(Path.of(directory))) {
            return NONE;
        }
        String listing = listing(Path.of(directory));
        synchronized (this) {
            if (listing.equals(lastListing)) {
                return lastDigest;
            }
        }
        Map<String, byte[]> classes = read(Path.of(directory));
        String digest = digest(classes);
        synchronized (this) {
            lastListing = listing;
            lastDigest = digest;
        }
        if (published.add(digest)) {
            IMap<String, HashMap<String, byte[]>> map = client.getMap(MAP);
            map.putIfAbsent(digest, new HashMap<>(classes));
        }
        return digest;
    }

    /** On a member: the class loader of the set {@code digest}, kept in the instance's user context. */
    @SuppressWarnings("unchecked")
    static ClassLoader loader(HazelcastInstance member, String digest) {
        ClassLoader parent = ShippedClasses.class.getClassLoader();
        if (NONE.equals(digest)) {
            return parent;
        }
        Map<String, ClassLoader> loaders = (Map<String, ClassLoader>) member.getUserContext()
                .computeIfAbsent(LOADERS, key -> new ConcurrentHashMap<String, ClassLoader>());
        return loaders.computeIfAbsent(digest, key -> {
            Map<String, byte[]> classes = member.<String, HashMap<String, byte[]>>getMap(MAP).get(key);
            if (classes == null) {
                throw new IllegalStateException("the notebook's classes " + key + " are not in the cluster's map " + MAP);
            }
            return new Loader(classes, parent);
        });
    }

    /** What changes when a cell compiles a class: each file's name, size and time. */
    private static String listing(Path root) {
        StringBuilder listing = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                listing.append(file).append(' ').append(Files.size(file)).append(' ')
                        .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the notebook's classes in " + root + " to send them to the cluster", e);
        }
        return listing.toString();
    }

    private static Map<String, byte[]> read(Path root) {
        Map<String, byte[]> classes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".class")).toList();
            for (Path file : list) {
                String relative = root.relativize(file).toString();
                String name = relative.substring(0, relative.length() - ".class".length()).replace(file.getFileSystem().getSeparator(), ".");
                classes.put(name, Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the notebook's classes in " + root + " to send them to the cluster", e);
        }
        return classes;
    }

    private static String digest(Map<String, byte[]> classes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            classes.forEach((name, bytes) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update(bytes);
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** Defines the shipped classes; everything else (the JDK, the runtime, Hazelcast) comes from the member's class path. */
    private static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classes;

        Loader(Map<String, byte[]> classes, ClassLoader parent) {
            super("conclab-notebook-classes", parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
