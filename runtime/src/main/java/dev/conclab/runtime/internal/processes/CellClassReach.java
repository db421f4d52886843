package dev.conclab.runtime.internal.processes;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cells' classes a task's code can reach: its own, and every class of the notebook named in
 * the constant pool of one reached (the classes whose fields it reads or writes, whose methods it
 * calls, which it makes), read from the class files the executor keeps. A child is given only the
 * variables of these classes ({@link NotebookState#capture(ClassLoader, Collection)}): restoring
 * every variable of a long notebook cost a child 100-200 ms before its task's first line (a
 * variable per expression cell, JShell's {@code $1}, {@code $2}, ..., and whole lists among them;
 * docs/benchmarks.md, issue 13 part 4), for values the task never reads.
 */
final class CellClassReach {
    /** The package JShell puts every cell's classes in, in the form a class file names classes. */
    private static final String PACKAGE = "REPL/";

    private final Path directory;
    private final Set<String> reached = new LinkedHashSet<>();
    private final Deque<String> toRead = new ArrayDeque<>();

    /** Classes under {@code directory}, the executor's cell class directory (its {@code REPL/} folder holds the files). */
    CellClassReach(Path directory) {
        this.directory = directory;
    }

    /**
     * Adds {@code classes} (binary names, as {@code REPL.$JShell$12}; others are ignored) and what
     * they reach, and returns the classes reached by this call that were not reached before.
     *
     * @throws IOException when a cell's class file cannot be read (the caller then gives the child everything)
     */
    List<String> add(Collection<String> classes) throws IOException {
        List<String> added = new ArrayList<>();
        for (String name : classes) {
            offer(name.replace('.', '/'), added);
        }
        while (!toRead.isEmpty()) {
            String internal = toRead.poll();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(directory.resolve(internal + ".class"));
            } catch (NoSuchFileException e) {
                continue; // a class JShell made in memory only, as a hidden lambda class: its capturing class is there
            }
            for (String named : classNames(bytes)) {
                offer(named, added);
            }
        }
        return added;
    }

    private void offer(String internalName, List<String> added) {
        String name = elementClass(internalName);
        if (name != null && name.startsWith(PACKAGE) && reached.add(name)) {
            added.add(name.replace('/', '.'));
            toRead.add(name);
        }
    }

    /** {@code REPL/A} for {@code REPL/A}, {@code [LREPL/A;} and {@code [[LREPL/A;}; null for arrays of primitives. */
    private static String elementClass(String name) {
        if (!name.startsWith("[")) {
            return name;
        }
        int start = name.lastIndexOf('[') + 1;
        return name.charAt(start) == 'L' && name.endsWith(";") ? name.substring(start + 1, name.length() - 1) : null;
    }

    /**
     * The names of the classes in a class file's constant pool (JVMS 4.4): every class whose field
     * or method the code uses, or which it makes or casts to, has an entry there.
     */
    static List<String> classNames(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] texts = new String[count];
        List<Integer> classEntries = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> texts[i] = in.readUTF();
                case 7 -> classEntries.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // a long or double takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        List<String> names = new ArrayList<>(classEntries.size());
        for (int index : classEntries) {
            if (index <= 0 || index >= count || texts[index] == null) {
                throw new IOException("a class entry that names no text");
            }
            names.add(texts[index]);
        }
        return names;
    }
}
