package dev.conclab.kernel.debug;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.ArrayReference;
import com.sun.jdi.CharValue;
import com.sun.jdi.Field;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.PrimitiveValue;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scopes and variables as DAP shows them: a frame's locals (and {@code this}), an object's
 * fields, an array's elements and a collection's ({@link Containers}), each expandable value with a reference of its own. Values are
 * read, never computed: no method of the program runs (a toString could block or change state).
 */
final class Variables {
    /** The locals of a frame. */
    record Locals(Frames.FrameRef frame) {}

    private static final int MAX_ELEMENTS = 100;
    private static final Set<String> BOXES = Set.of("java.lang.Integer", "java.lang.Long", "java.lang.Short",
            "java.lang.Byte", "java.lang.Character", "java.lang.Boolean", "java.lang.Double", "java.lang.Float");

    private Variables() {}

    static List<Map<String, Object>> scopes(Frames.FrameRef frame, Handles handles) {
        return List.of(Map.of("name", "Locals", "variablesReference", handles.add(new Locals(frame)), "expensive", false));
    }

    static List<Map<String, Object>> of(Object target, Handles handles) {
        List<Map<String, Object>> shown = new ArrayList<>();
        if (target instanceof Locals locals) {
            StackFrame frame = frame(locals.frame());
            ObjectReference self = frame.thisObject();
            if (self != null) {
                shown.add(variable("this", self, handles));
            }
            try {
                for (LocalVariable local : frame.visibleVariables()) {
                    shown.add(variable(local.name(), frame.getValue(local), handles));
                }
            } catch (AbsentInformationException e) {
                // A class compiled without local variable tables: only this.
            }
        } else if (target instanceof ArrayReference array) {
            int length = Math.min(array.length(), MAX_ELEMENTS);
            List<Value> values = length == 0 ? List.of() : array.getValues(0, length);
            for (int i = 0; i < values.size(); i++) {
                shown.add(variable("[" + i + "]", values.get(i), handles));
            }
        } else if (target instanceof ObjectReference object) {
            List<Map<String, Object>> elements = Containers.elements(object, handles);
            if (elements != null) {
                return elements;
            }
            for (Field field : object.referenceType().allFields()) {
                if (!field.isStatic()) {
                    shown.add(variable(field.name(), object.getValue(field), handles));
                }
            }
        }
        return shown;
    }

    static StackFrame frame(Frames.FrameRef ref) {
        try {
            return ref.thread().frame(ref.index());
        } catch (IncompatibleThreadStateException e) {
            throw new IllegalArgumentException("thread \"" + ref.thread().name() + "\" went on: its frames are gone");
        }
    }

    static Map<String, Object> variable(String name, Value value, Handles handles) {
        Map<String, Object> variable = new LinkedHashMap<>();
        variable.put("name", name);
        variable.put("value", show(value));
        variable.put("type", value == null ? "null" : typeName(value.type().name()));
        boolean expands = value instanceof ObjectReference object && !(value instanceof StringReference)
                && !BOXES.contains(object.referenceType().name());
        variable.put("variablesReference", expands ? handles.add(value) : 0);
        return variable;
    }

    static String show(Value value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof StringReference text) {
            return "\"" + text.value() + "\"";
        }
        if (value instanceof CharValue c) {
            return "'" + c.value() + "'";
        }
        if (value instanceof PrimitiveValue primitive) {
            return primitive.toString();
        }
        if (value instanceof ArrayReference array) {
            String type = typeName(array.referenceType().name());
            return type.substring(0, type.indexOf('[') + 1) + array.length() + type.substring(type.indexOf('[') + 1);
        }
        ObjectReference object = (ObjectReference) value;
        String type = object.referenceType().name();
        if (BOXES.contains(type)) {
            return show(object.getValue(object.referenceType().fieldByName("value")));
        }
        return typeName(type) + " (id " + object.uniqueID() + ")";
    }

    /** A type as the cell wrote it: {@code Point} for {@code REPL.$JShell$12$Point}. */
    static String typeName(String name) {
        String snippet = SnippetLines.snippetClass(name);
        return snippet == null ? name : name.substring(snippet.length()).replaceFirst("^\\$", "");
    }
}
