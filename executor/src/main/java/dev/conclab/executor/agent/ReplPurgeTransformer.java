package dev.conclab.executor.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Makes JShell's clean-up after each compilation walk only the REPL's own classes.
 *
 * <p>After every javac task (two or more per cell), JShell's {@code TaskFactory} takes the
 * classes of its {@code REPL} package out of javac's symbol table, and finds them by walking every
 * class the table holds: the ~2,500 that the default star imports bring in, plus an empty entry
 * left behind for every REPL class ever removed. That walk was about half of the cell thread's
 * time for {@code int x = 1;} (JFR, docs/benchmarks.md). Here javac's {@code Symtab} notes each
 * REPL class as it is entered (its one way in, {@code doEnterClass}), and {@code TaskFactory}
 * walks that list instead: the same classes are removed, by JShell's own code.
 *
 * <p>{@code TaskFactory} is changed only if {@code Symtab} was, since it then calls the method
 * added there (the agent loads {@code Symtab} first); a {@code Symtab} changed alone notes
 * nothing. On a JDK whose classes do not have the expected shape, cells are only slower.
 */
final class ReplPurgeTransformer implements ClassFileTransformer {
    static final String SYMTAB = "com/sun/tools/javac/code/Symtab";
    static final String TASK_FACTORY = "jdk/jshell/TaskFactory";
    private static final String CLASS_SYMBOL = "com/sun/tools/javac/code/Symbol$ClassSymbol";
    private static final String ENTER = "doEnterClass";
    private static final String ENTER_DESCRIPTOR = "(Lcom/sun/tools/javac/code/Symbol$ModuleSymbol;L" + CLASS_SYMBOL + ";)V";
    private static final String ALL_CLASSES = "getAllClasses";
    private static final String ITERABLE = "()Ljava/lang/Iterable;";
    private static final String LIST_FIELD = "conclab$replClasses";
    private static final String LIST = "Ljava/util/ArrayList;";
    private static final String NOTE = "conclab$noteEntered";
    private static final String NOTE_DESCRIPTOR = "(L" + CLASS_SYMBOL + ";)V";
    private static final String TAKE = "conclab$takeReplClasses";
    /** JShell's package for the classes it makes of snippets ({@code jdk.jshell.Util.REPL_PACKAGE}). */
    private static final String REPL_PREFIX = "REPL.";

    private volatile boolean symtabChanged;

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefining,
            ProtectionDomain domain, byte[] classFile) {
        if (redefining != null) {
            return null;
        }
        try {
            if (SYMTAB.equals(className) && "jdk.compiler".equals(module.getName())) {
                byte[] changed = changeSymtab(classFile);
                symtabChanged = changed != null;
                return changed;
            }
            if (TASK_FACTORY.equals(className) && "jdk.jshell".equals(module.getName()) && symtabChanged) {
                return changeTaskFactory(classFile);
            }
        } catch (RuntimeException e) {
            System.err.println("conclab: JShell's clean-up after each compilation walks all of javac's classes (" + e + ")");
        }
        return null;
    }

    /** Adds the list of REPL classes entered, fills it in {@code doEnterClass}, and a method that hands it over. */
    private static byte[] changeSymtab(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        ClassVisitor members = new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visitEnd() {
                super.visitField(Opcodes.ACC_PRIVATE, LIST_FIELD, LIST, null, null).visitEnd();
                writeNote(super.visitMethod(Opcodes.ACC_PRIVATE, NOTE, NOTE_DESCRIPTOR, null, null));
                writeTake(super.visitMethod(Opcodes.ACC_PUBLIC, TAKE, ITERABLE, null, null));
                super.visitEnd();
            }
        };
        PrologueVisitor entering = new PrologueVisitor(members, ENTER, ENTER_DESCRIPTOR, m -> {
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitVarInsn(Opcodes.ALOAD, 2);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SYMTAB, NOTE, NOTE_DESCRIPTOR, false);
        });
        reader.accept(entering, 0);
        return entering.woven() ? writer.toByteArray() : null;
    }

    /** {@code if (list != null && c.flatName().toString().startsWith("REPL.")) list.add(c);} */
    private static void writeNote(MethodVisitor m) {
        Label end = new Label();
        m.visitCode();
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitFieldInsn(Opcodes.GETFIELD, SYMTAB, LIST_FIELD, LIST);
        m.visitJumpInsn(Opcodes.IFNULL, end);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLASS_SYMBOL, "flatName", "()Lcom/sun/tools/javac/util/Name;", false);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "toString", "()Ljava/lang/String;", false);
        m.visitLdcInsn(REPL_PREFIX);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "startsWith", "(Ljava/lang/String;)Z", false);
        m.visitJumpInsn(Opcodes.IFEQ, end);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitFieldInsn(Opcodes.GETFIELD, SYMTAB, LIST_FIELD, LIST);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/util/ArrayList", "add", "(Ljava/lang/Object;)Z", false);
        m.visitInsn(Opcodes.POP);
        m.visitLabel(end);
        m.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    /**
     * {@code ArrayList l = list; list = new ArrayList(); return l == null ? getAllClasses() : l;}
     * The first clean-up of each symbol table walks it all, as JShell did; from then on the REPL
     * classes entered are noted. So a {@code Symtab} changed without its {@code TaskFactory}
     * never starts a list.
     */
    private static void writeTake(MethodVisitor m) {
        Label some = new Label();
        m.visitCode();
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitFieldInsn(Opcodes.GETFIELD, SYMTAB, LIST_FIELD, LIST);
        m.visitVarInsn(Opcodes.ASTORE, 1);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitTypeInsn(Opcodes.NEW, "java/util/ArrayList");
        m.visitInsn(Opcodes.DUP);
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/util/ArrayList", "<init>", "()V", false);
        m.visitFieldInsn(Opcodes.PUTFIELD, SYMTAB, LIST_FIELD, LIST);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitJumpInsn(Opcodes.IFNONNULL, some);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SYMTAB, ALL_CLASSES, ITERABLE, false);
        m.visitInsn(Opcodes.ARETURN);
        m.visitLabel(some);
        m.visitFrame(Opcodes.F_APPEND, 1, new Object[] {"java/util/ArrayList"}, 0, null);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    /** Replaces each {@code syms.getAllClasses()} (only the REPL clean-up calls it) with the list. */
    private static byte[] changeTaskFactory(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] replaced = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor, boolean isInterface) {
                        if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals(SYMTAB) && method.equals(ALL_CLASSES)
                                && methodDescriptor.equals(ITERABLE)) {
                            replaced[0]++;
                            super.visitMethodInsn(opcode, owner, TAKE, ITERABLE, false);
                        } else {
                            super.visitMethodInsn(opcode, owner, method, methodDescriptor, isInterface);
                        }
                    }
                };
            }
        }, 0);
        return replaced[0] > 0 ? writer.toByteArray() : null;
    }
}
