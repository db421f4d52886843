package dev.conclab.kernel.debug;

import com.sun.jdi.Field;
import com.sun.jdi.ReferenceType;
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

    private static long number(String name) {
        Matcher matcher = KEY.matcher(name);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static String suffix(String name) {
        Matcher matcher = KEY.matcher(name);
        return matcher.matches() ? matcher.group(2) : "";
    }
}
