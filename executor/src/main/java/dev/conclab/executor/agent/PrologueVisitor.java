package dev.conclab.executor.agent;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Puts a prologue at the start of each of the methods named, by name and descriptor. */
final class PrologueVisitor extends ClassVisitor {
    private final Map<String, Consumer<MethodVisitor>> prologues = new HashMap<>();
    private boolean woven;

    PrologueVisitor(ClassVisitor next, String name, String descriptor, Consumer<MethodVisitor> prologue) {
        super(Opcodes.ASM9, next);
        prologues.put(name + descriptor, prologue);
    }

    PrologueVisitor(ClassVisitor next, String name, String descriptor, Consumer<MethodVisitor> prologue,
                    String otherName, String otherDescriptor, Consumer<MethodVisitor> otherPrologue) {
        this(next, name, descriptor, prologue);
        prologues.put(otherName + otherDescriptor, otherPrologue);
    }

    /** Whether the class had at least one of the methods, once it has been visited. */
    boolean woven() {
        return woven;
    }

    @Override
    public MethodVisitor visitMethod(int access, String method, String methodDescriptor, String signature, String[] exceptions) {
        MethodVisitor visitor = super.visitMethod(access, method, methodDescriptor, signature, exceptions);
        Consumer<MethodVisitor> prologue = prologues.get(method + methodDescriptor);
        if (prologue == null) {
            return visitor;
        }
        woven = true;
        return new MethodVisitor(Opcodes.ASM9, visitor) {
            @Override
            public void visitCode() {
                super.visitCode();
                prologue.accept(this);
            }
        };
    }
}
