package dev.conclab.executor.agent;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * The static fields through which the woven JDK classes call {@link CellHooks}. The JDK's
 * classes cannot see the executor's, so the fields live in a small class defined inside
 * {@code java.util.concurrent} itself, and hold JDK function types.
 */
final class HookFields {
    static final String OWNER = "java/util/concurrent/ConclabCellHooks";
    static final String CAPTURE = "capture";
    static final String ENTER = "enter";
    static final String EXIT = "exit";
    static final String BIND = "bind";
    static final String STARTED = "started";
    static final String SYSTEM_EXIT = "systemExit";
    static final String CLASS_NAME = "className";
    static final String HALTING = "halting";
    static final String INT_CONSUMER = "Ljava/util/function/IntConsumer;";
    static final String SUPPLIER = "Ljava/util/function/Supplier;";
    static final String FUNCTION = "Ljava/util/function/Function;";
    static final String CONSUMER = "Ljava/util/function/Consumer;";

    private HookFields() {}

    /**
     * Defines the class and points its fields at {@link CellHooks}; this must happen before any
     * woven class loads, so that the woven code never finds a field empty.
     */
    static void define(Instrumentation instrumentation) throws ReflectiveOperationException {
        // TimeUnit is in java.util.concurrent and already loaded, unlike the classes to weave.
        Module javaBase = TimeUnit.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(),
                Map.of("java.util.concurrent", Set.of(HookFields.class.getModule())), Set.of(), Map.of());
        Class<?> holder = MethodHandles.privateLookupIn(TimeUnit.class, MethodHandles.lookup()).defineClass(classFile());
        holder.getField(CAPTURE).set(null, (Supplier<Object>) CellHooks::capture);
        holder.getField(ENTER).set(null, (Function<Object, Object>) CellHooks::enter);
        holder.getField(EXIT).set(null, (Consumer<Object>) CellHooks::exit);
        holder.getField(BIND).set(null, (Function<Object, Object>) CellHooks::bind);
        holder.getField(STARTED).set(null, (Consumer<Object>) CellHooks::started);
        holder.getField(SYSTEM_EXIT).set(null, (IntConsumer) CellHooks::systemExit);
        holder.getField(CLASS_NAME).set(null, (Function<Object, Object>) CellHooks::className);
        holder.getField(HALTING).set(null, (IntConsumer) CellHooks::halting);
    }

    private static byte[] classFile() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC, OWNER, null, "java/lang/Object", null);
        int access = Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE;
        writer.visitField(access, CAPTURE, SUPPLIER, null, null).visitEnd();
        writer.visitField(access, ENTER, FUNCTION, null, null).visitEnd();
        writer.visitField(access, EXIT, CONSUMER, null, null).visitEnd();
        writer.visitField(access, BIND, FUNCTION, null, null).visitEnd();
        writer.visitField(access, STARTED, CONSUMER, null, null).visitEnd();
        writer.visitField(access, SYSTEM_EXIT, INT_CONSUMER, null, null).visitEnd();
        writer.visitField(access, CLASS_NAME, FUNCTION, null, null).visitEnd();
        writer.visitField(access, HALTING, INT_CONSUMER, null, null).visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
