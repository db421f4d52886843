package dev.conclab.kernel.debug;

import com.sun.jdi.ClassNotLoadedException;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.InvalidTypeException;
import com.sun.jdi.Method;
import com.sun.jdi.PrimitiveValue;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notebook's top-level variables, read over JDI from the snippet classes JShell made: each
 * {@code int x = 1;} is a static field {@code x} of its snippet's class. Read, never computed, and
 * without suspending anything, so the answer comes at once even while a cell runs. A variable
 * declared again lives in a newer snippet class; the newest declaration of a name wins, as in JShell.
 */
final class NotebookVariables {
    private static final Pattern KEY = Pattern.compile("REPL\\.\\$JShell\\$(\\d+)(\\w*)");
    /** Oldest snippet first: JShell numbers snippets as they come, and a letter marks a recompilation. */
    private static final Comparator<ReferenceType> ORDER = Comparator
            .comparingLong((ReferenceType type) -> number(type.name()))
            .thenComparing(type -> suffix(type.name()), Comparator.comparingInt(String::length).thenComparing(s -> s));

    private static final Map<String, String> BOXES = Map.of("int", "java.lang.Integer", "long", "java.lang.Long",
            "short", "java.lang.Short", "byte", "java.lang.Byte", "char", "java.lang.Character", "boolean", "java.lang.Boolean",
            "double", "java.lang.Double", "float", "java.lang.Float");

    private NotebookVariables() {}

    /** The newest field of each name, in the order the variables were declared. */
    static Map<String, Field> fields(List<ReferenceType> snippetTypes) {
        List<ReferenceType> sorted = new ArrayList<>(snippetTypes);
        sorted.removeIf(type -> !KEY.matcher(type.name()).matches());
        sorted.sort(ORDER);
        Map<String, Field> byName = new LinkedHashMap<>();
        for (ReferenceType type : sorted) {
            for (Field field : type.fields()) {
                if (field.isStatic() && !field.isSynthetic()) {
                    byName.remove(field.name());
                    byName.put(field.name(), field);
                }
            }
        }
        return byName;
    }

    /** The variables as DAP shows them, each with a type as the cell wrote it. */
    static List<Map<String, Object>> of(List<ReferenceType> snippetTypes, Handles handles) {
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Field field : fields(snippetTypes).values()) {
            Map<String, Object> variable = Variables.variable(field.name(), field.declaringType().getValue(field), handles);
            variable.put("type", Variables.typeName(field.typeName()));
            shown.add(variable);
        }
        return shown;
    }

    /**
     * Sets the notebook variable {@code name} to {@code value} (copyToGlobals); IllegalArgumentException
     * saying what to do when there is no such variable or the value does not fit its type.
     */
    static void assign(String name, Value value, List<ReferenceType> snippetTypes, ThreadReference thread) {
        Field field = fields(snippetTypes).get(name);
        if (field == null) {
            throw new IllegalArgumentException("the notebook has no variable " + name + ", and Java cannot declare one while"
                    + " a cell runs: declare it in a cell first (e.g. Object " + name + ";), then run the cell you debug");
        }
        if (!(field.declaringType() instanceof ClassType owner)) {
            throw new IllegalArgumentException(name + " is not a variable the debugger can set");
        }
        try {
            owner.setValue(field, value instanceof PrimitiveValue primitive && !isPrimitive(field) ? box(primitive, thread) : value);
        } catch (InvalidTypeException | ClassNotLoadedException e) {
            throw new IllegalArgumentException("the notebook variable " + name + " is a " + Variables.typeName(field.typeName())
                    + ", which cannot hold " + Variables.show(value) + ": declare it as Object or the value's type");
        }
    }

    private static boolean isPrimitive(Field field) {
        return !field.typeName().contains(".") && !field.typeName().contains("[");
    }

    /**
     * A primitive boxed for a variable of a reference type ({@code Object copied}): the stopped
     * thread runs the box class's {@code valueOf}, since JDI has no other way to make an object.
     */
    private static Value box(PrimitiveValue value, ThreadReference thread) {
        String boxName = BOXES.get(value.type().name());
        List<ReferenceType> boxes = thread.virtualMachine().classesByName(boxName);
        if (boxes.isEmpty() || !(boxes.get(0) instanceof ClassType box)) {
            throw new IllegalArgumentException("cannot box " + value + " here: declare the notebook variable as " + value.type().name());
        }
        for (Method method : box.methodsByName("valueOf")) {
            if (method.argumentTypeNames().equals(List.of(value.type().name()))) {
                try {
                    return box.invokeMethod(thread, method, List.of(value), ClassType.INVOKE_SINGLE_THREADED);
                } catch (Exception e) {
                    throw new IllegalArgumentException("cannot box " + value + " in this thread (" + e
                            + "): declare the notebook variable as " + value.type().name());
                }
            }
        }
        throw new IllegalArgumentException("cannot box " + value + ": declare the notebook variable as " + value.type().name());
    }

    private static long number(String name) {
        Matcher matcher = KEY.matcher(name);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static String suffix(String name) {
        Matcher matcher = KEY.matcher(name);
        return matcher.matches() ? matcher.group(2) : "";
    }
}
