package dev.conclab.kernel.debug;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.ArrayReference;
import com.sun.jdi.Field;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.Value;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * DAP's {@code evaluate} for what can be read without running code: a name (a local of the frame,
 * {@code this}, a field of {@code this} or of its class, a notebook variable) followed by fields,
 * as in {@code worker.count} or {@code items.length}. Anything else is refused with a message: the
 * kernel computes nothing in a stopped program (a method call could block or change state).
 */
final class Evaluation {
    private static final Pattern PATH = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

    private Evaluation() {}

    /** The value of {@code expression} in {@code frame} (null: no thread stopped, notebook variables only). */
    static Value evaluate(String expression, StackFrame frame, List<ReferenceType> snippetTypes) {
        String path = expression.strip();
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("the Java debugger evaluates only a variable's name or fields of it,"
                    + " such as count or worker.count; " + path + " is not one (it would run code in the stopped program)");
        }
        String[] names = path.split("\\.");
        Value value = first(names[0], frame, snippetTypes);
        for (int i = 1; i < names.length; i++) {
            value = member(value, names[i], String.join(".", List.of(names).subList(0, i)));
        }
        return value;
    }

    private static Value first(String name, StackFrame frame, List<ReferenceType> snippetTypes) {
        if (frame != null) {
            ObjectReference self = frame.thisObject();
            if (name.equals("this") && self != null) {
                return self;
            }
            try {
                LocalVariable local = frame.visibleVariableByName(name);
                if (local != null) {
                    return frame.getValue(local);
                }
            } catch (AbsentInformationException e) {
                // No local variable table: fields and notebook variables remain.
            }
            ReferenceType type = frame.location().declaringType();
            Field field = type.fieldByName(name);
            if (field != null) {
                return field.isStatic() ? type.getValue(field) : self == null ? null : self.getValue(field);
            }
        }
        Field notebook = NotebookVariables.fields(snippetTypes).get(name);
        if (notebook == null) {
            throw new IllegalArgumentException("no variable " + name + " is visible "
                    + (frame == null ? "in the notebook" : "in this frame or the notebook"));
        }
        return notebook.declaringType().getValue(notebook);
    }

    private static Value member(Value owner, String name, String ownerPath) {
        if (owner instanceof ArrayReference array && name.equals("length")) {
            return array.virtualMachine().mirrorOf(array.length());
        }
        if (!(owner instanceof ObjectReference object)) {
            throw new IllegalArgumentException(ownerPath + " is " + Variables.show(owner) + ": it has no field " + name);
        }
        Field field = object.referenceType().fieldByName(name);
        if (field == null) {
            throw new IllegalArgumentException(ownerPath + " (" + Variables.typeName(object.referenceType().name())
                    + ") has no field " + name);
        }
        return object.getValue(field);
    }

    /** The DAP body of an evaluate response. */
    static Map<String, Object> body(Value value, Handles handles) {
        Map<String, Object> shown = Variables.variable("", value, handles);
        return Map.of("result", shown.get("value"), "type", shown.get("type"),
                "variablesReference", shown.get("variablesReference"));
    }
}
