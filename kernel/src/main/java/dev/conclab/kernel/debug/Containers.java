package dev.conclab.kernel.debug;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The elements of the JDK's common collections, as the Variables panel shows them ({@code [0]},
 * {@code [1]}... for lists and sets, one row per key for maps) instead of their inner fields
 * (an ArrayList's spare capacity, a HashMap's buckets). Read from those fields, since the
 * debugger calls no method of the program; a collection it does not know shows its fields.
 */
final class Containers {
    private static final int MAX_ELEMENTS = 100;

    private Containers() {}

    /** The rows of a known collection, or null when {@code object} is not one. */
    static List<Map<String, Object>> elements(ObjectReference object, Handles handles) {
        List<Value> items = new ArrayList<>();
        List<Value[]> entries = new ArrayList<>();
        String kind = kind(object.referenceType());
        if (kind == null) {
            return null;
        }
        switch (kind) {
            case "java.util.ArrayList" -> array(field(object, "elementData"), count(object, "size"), items);
            case "java.util.Vector" -> array(field(object, "elementData"), count(object, "elementCount"), items);
            case "java.util.concurrent.CopyOnWriteArrayList" -> array(field(object, "array"), Integer.MAX_VALUE, items);
            case "java.util.LinkedList" -> {
                for (Value node = field(object, "first"); node instanceof ObjectReference n && items.size() < MAX_ELEMENTS;
                        node = field(n, "next")) {
                    items.add(field(n, "item"));
                }
            }
            case "java.util.HashSet" -> {
                if (field(object, "map") instanceof ObjectReference map) {
                    hashEntries(map, "value", entries);
                    entries.forEach(entry -> items.add(entry[0]));
                    entries.clear();
                }
            }
            case "java.util.HashMap" -> hashEntries(object, "value", entries);
            case "java.util.concurrent.ConcurrentHashMap" -> hashEntries(object, "val", entries);
            case "java.util.TreeMap" -> tree(field(object, "root"), entries);
            default -> immutable(object, items, entries);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < items.size() && i < MAX_ELEMENTS; i++) {
            rows.add(Variables.variable("[" + i + "]", items.get(i), handles));
        }
        for (int i = 0; i < entries.size() && i < MAX_ELEMENTS; i++) {
            rows.add(Variables.variable(Variables.show(entries.get(i)[0]), entries.get(i)[1], handles));
        }
        return rows;
    }

    /** The JDK collection class {@code type} is or extends, or null. */
    private static String kind(ReferenceType type) {
        for (ReferenceType at = type; at instanceof ClassType c; at = c.superclass()) {
            String name = c.name();
            if (name.startsWith("java.util.ImmutableCollections$")) {
                return name;
            }
            switch (name) {
                case "java.util.ArrayList", "java.util.Vector", "java.util.concurrent.CopyOnWriteArrayList", "java.util.LinkedList",
                        "java.util.HashSet", "java.util.HashMap", "java.util.concurrent.ConcurrentHashMap", "java.util.TreeMap":
                    return name;
                default:
                    break;
            }
        }
        return null;
    }

    /** List.of, Set.of and Map.of: their fields e0/e1, elements, k0/v0 or table. */
    private static void immutable(ObjectReference object, List<Value> items, List<Value[]> entries) {
        String name = object.referenceType().name();
        if (name.endsWith("$Map1")) {
            entries.add(new Value[] {field(object, "k0"), field(object, "v0")});
        } else if (name.endsWith("$MapN") && field(object, "table") instanceof ArrayReference table) {
            List<Value> values = table.getValues();
            for (int i = 0; i + 1 < values.size() && entries.size() < MAX_ELEMENTS; i += 2) {
                if (values.get(i) != null) {
                    entries.add(new Value[] {values.get(i), values.get(i + 1)});
                }
            }
        } else if (field(object, "elements") instanceof ArrayReference elements) {
            for (Value value : elements.getValues(0, Math.min(elements.length(), MAX_ELEMENTS))) {
                if (value != null || name.contains("List")) {
                    items.add(value);
                }
            }
        } else if (object.referenceType().fieldByName("e0") != null) {
            items.add(field(object, "e0"));
            Value second = field(object, "e1");
            // List12 and Set12 keep one element as e1 == EMPTY (the collection itself for a list).
            if (second != null && !second.equals(object) && !(second instanceof ObjectReference o && o.referenceType().name().equals("java.lang.Object"))) {
                items.add(second);
            }
        }
    }

    private static void array(Value value, int size, List<Value> items) {
        if (value instanceof ArrayReference array) {
            int shown = Math.min(Math.min(size, array.length()), MAX_ELEMENTS);
            if (shown > 0) {
                items.addAll(array.getValues(0, shown));
            }
        }
    }

    /**
     * A HashMap's or ConcurrentHashMap's entries: its table's buckets, each a chain of nodes; a
     * LinkedHashMap's (and so a LinkedHashSet's) in their order, along its list of entries.
     */
    private static void hashEntries(ObjectReference map, String valueField, List<Value[]> entries) {
        if (isA(map.referenceType(), "java.util.LinkedHashMap")) {
            for (Value node = field(map, "head"); node instanceof ObjectReference n && entries.size() < MAX_ELEMENTS;
                    node = field(n, "after")) {
                entries.add(new Value[] {field(n, "key"), field(n, "value")});
            }
            return;
        }
        if (!(field(map, "table") instanceof ArrayReference table)) {
            return;
        }
        for (Value bucket : table.getValues()) {
            for (Value node = bucket; node instanceof ObjectReference n && entries.size() < MAX_ELEMENTS; node = field(n, "next")) {
                if (n.referenceType().fieldByName("key") == null) {
                    break;
                }
                Value key = field(n, "key");
                Value value = field(n, valueField);
                // A ConcurrentHashMap's tree bins and forwarding nodes hold no entry of their own.
                if (key != null || value != null) {
                    entries.add(new Value[] {key, value});
                }
            }
        }
    }

    /** A TreeMap's entries in key order: its red-black tree walked in order. */
    private static void tree(Value node, List<Value[]> entries) {
        if (node instanceof ObjectReference n && entries.size() < MAX_ELEMENTS) {
            tree(field(n, "left"), entries);
            if (entries.size() < MAX_ELEMENTS) {
                entries.add(new Value[] {field(n, "key"), field(n, "value")});
            }
            tree(field(n, "right"), entries);
        }
    }

    private static boolean isA(ReferenceType type, String name) {
        for (ReferenceType at = type; at instanceof ClassType c; at = c.superclass()) {
            if (c.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Value field(ObjectReference object, String name) {
        Field field = object.referenceType().fieldByName(name);
        if (field == null) {
            for (ReferenceType at = object.referenceType(); field == null && at instanceof ClassType c && c.superclass() != null;
                    at = c.superclass()) {
                field = c.superclass().fieldByName(name);
            }
        }
        return field == null ? null : object.getValue(field);
    }

    private static int count(ObjectReference object, String name) {
        return field(object, name) instanceof IntegerValue size ? size.value() : 0;
    }
}
