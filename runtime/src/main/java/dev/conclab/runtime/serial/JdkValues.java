package dev.conclab.runtime.serial;

import java.util.Set;

/**
 * The JDK classes any of our streams may carry: values (strings, boxed numbers, big numbers,
 * dates and times) and collections. Chosen by package and by name rather than "all of the JDK",
 * because the JDK's own gadgets (a {@code java.net.URL} that resolves its host when hashed, proxy
 * and annotation handlers, {@code com.sun} and {@code sun} internals) are what a hostile stream is
 * made of. Collections call {@code hashCode}, {@code equals} and {@code compareTo} of their
 * elements while they are read, so every element class must pass too; the filter checks each.
 */
public final class JdkValues {
    private static final Set<String> LANG = Set.of(
            "java.lang.Object", "java.lang.String", "java.lang.Boolean", "java.lang.Character",
            "java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long",
            "java.lang.Float", "java.lang.Double", "java.lang.Number", "java.lang.Enum",
            "java.lang.StackTraceElement", "java.lang.String$CaseInsensitiveComparator",
            "java.lang.StringBuilder", "java.lang.StringBuffer",
            "java.net.URI");
    /** Whole packages of values and collections; not their subpackages unless listed. */
    private static final Set<String> PACKAGES = Set.of(
            "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "java.util.regex", "java.math",
            "java.time", "java.time.chrono", "java.time.format", "java.time.temporal", "java.time.zone");

    private JdkValues() {}

    /** Whether {@code type}, a class of the JDK's own loader, is one of these values or collections. */
    public static boolean allows(Class<?> type) {
        if (type.getClassLoader() != null) {
            return false; // a class of the same name from a jar is not the JDK's
        }
        return LANG.contains(type.getName()) || PACKAGES.contains(type.getPackageName());
    }
}
