package dev.conclab.executor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The change applies to the JDK the tests run on (17 and 25): on a JDK whose javac or JShell
 * changed shape it would silently not apply, and every cell would pay the long walk again.
 */
class ReplPurgeTransformerTest {
    private static final Module COMPILER = ModuleLayer.boot().findModule("jdk.compiler").orElseThrow();
    private static final Module JSHELL = ModuleLayer.boot().findModule("jdk.jshell").orElseThrow();

    @Test
    void symtabNotesReplClassesAndTaskFactoryTakesThemInsteadOfWalkingAll() throws IOException {
        ReplPurgeTransformer transformer = new ReplPurgeTransformer();
        byte[] symtab = transformer.transform(COMPILER, null, ReplPurgeTransformer.SYMTAB, null, null, jdkClass(ReplPurgeTransformer.SYMTAB));
        byte[] taskFactory = transformer.transform(JSHELL, null, ReplPurgeTransformer.TASK_FACTORY, null, null,
                jdkClass(ReplPurgeTransformer.TASK_FACTORY));

        assertNotNull(symtab, "javac's Symtab has no doEnterClass(ModuleSymbol, ClassSymbol) on " + Runtime.version());
        assertEquals("conclab$noteEntered", calls(symtab, "doEnterClass").get(0), "what doEnterClass does first");
        assertTrue(methods(symtab).contains("conclab$takeReplClasses"));
        assertNotNull(taskFactory);
        assertTrue(callsAnywhere(taskFactory).contains("conclab$takeReplClasses"));
        assertFalse(callsAnywhere(taskFactory).contains("getAllClasses"), "TaskFactory still walks every class");
    }

    @Test
    void taskFactoryIsLeftAloneWhenSymtabWasNot() throws IOException {
        ReplPurgeTransformer transformer = new ReplPurgeTransformer();
        assertNull(transformer.transform(JSHELL, null, ReplPurgeTransformer.TASK_FACTORY, null, null,
                jdkClass(ReplPurgeTransformer.TASK_FACTORY)));
    }

    @Test
    void aClassOfTheSameNameOutsideTheJdkIsLeftAlone() throws IOException {
        ReplPurgeTransformer transformer = new ReplPurgeTransformer();
        Module unnamed = getClass().getClassLoader().getUnnamedModule();
        assertNull(transformer.transform(unnamed, null, ReplPurgeTransformer.SYMTAB, null, null, jdkClass(ReplPurgeTransformer.SYMTAB)));
    }

    private static byte[] jdkClass(String name) throws IOException {
        // A resource ending in .class is never encapsulated in a named module.
        try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    private static List<String> methods(byte[] classFile) {
        List<String> names = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                names.add(name);
                return null;
            }
        }, 0);
        return names;
    }

    /** The methods called in {@code method}, in order; in every method when {@code method} is null. */
    private static List<String> calls(byte[] classFile, String method) {
        List<String> called = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if (method != null && !method.equals(name)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String callee, String calleeDescriptor, boolean isInterface) {
                        called.add(callee);
                    }
                };
            }
        }, 0);
        return called;
    }

    private static List<String> callsAnywhere(byte[] classFile) {
        return calls(classFile, null);
    }
}
