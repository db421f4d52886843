package dev.conclab.executor.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Teaches the JDK's tasks which cell they belong to. {@code ForkJoinTask} (parallel streams,
 * {@code CompletableFuture.*Async}, every {@code ForkJoinPool}) and {@code FutureTask} (every
 * {@code submit} and {@code schedule}) keep the cell of the thread that created them and run on its
 * behalf; a plain {@code Runnable} given to {@code ThreadPoolExecutor.execute} is wrapped. Threads
 * and pools report, as they start, who started them, for {@code Cells.stop}.
 *
 * <p>The classes are changed as the agent loads them, before anything else could, so adding a
 * field is allowed. A class that cannot be changed is left as it is: its output then follows the thread.
 */
final class TaskTransformer implements ClassFileTransformer {
    private static final String CELL_FIELD = "conclab$cell";
    private static final String ORIGINAL = "conclab$original$";

    /** The task classes and the methods that run a task, by name and descriptor. */
    private static final Map<String, Map<String, String>> RUNNERS = Map.of(
            "java/util/concurrent/ForkJoinTask", Map.of("doExec", "any"),
            "java/util/concurrent/FutureTask", Map.of("run", "()V", "runAndReset", "()Z"));
    private static final String POOL = "java/util/concurrent/ThreadPoolExecutor";
    private static final String FORK_JOIN_POOL = "java/util/concurrent/ForkJoinPool";
    /** Loaded before any agent runs, so it is retransformed: its methods change, never its fields. */
    static final String THREAD = "java/lang/Thread";
    /** JDK 21 and newer; retransformed like Thread, since the JDK may load it early. */
    static final String VIRTUAL_THREAD = "java/lang/VirtualThread";
    private static final String VIRTUAL_START = "(Ljdk/internal/vm/ThreadContainer;)V";
    /** Loaded before any agent runs, so retransformed like Thread: {@code exit} asks the executor first. */
    static final String RUNTIME = "java/lang/Runtime";
    /** Their {@code toString} names a notebook class as the user wrote it: retransformed too. */
    static final String OBJECT = "java/lang/Object";
    static final String THROWABLE = "java/lang/Throwable";

    /** The classes this transformer changes, by binary name. */
    static final java.util.List<String> WOVEN = java.util.stream.Stream.concat(RUNNERS.keySet().stream(), java.util.stream.Stream.of(POOL, FORK_JOIN_POOL))
            .map(name -> name.replace('/', '.')).sorted().toList();

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefining,
            ProtectionDomain domain, byte[] classFile) {
        boolean pool = POOL.equals(className) || FORK_JOIN_POOL.equals(className);
        boolean thread = THREAD.equals(className) || VIRTUAL_THREAD.equals(className);
        boolean runtime = RUNTIME.equals(className);
        boolean text = OBJECT.equals(className) || THROWABLE.equals(className);
        boolean retransformed = thread || runtime || text;
        boolean known = RUNNERS.containsKey(className) || pool || retransformed;
        if (loader != null || !known || (redefining != null && !retransformed)) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            ClassVisitor visitor = pool ? new PoolVisitor(writer)
                    : runtime ? new PrologueVisitor(writer, "exit", "(I)V", TaskTransformer::exitCalled,
                            "halt", "(I)V", TaskTransformer::halting)
                    : text ? new ClassNameVisitor(writer)
                    // Every thread that starts, and who starts it: a platform thread in Thread.start(),
                    // a virtual one (JDK 21+) in VirtualThread.start(ThreadContainer), which both its
                    // start() and the virtual-thread executors call.
                    : THREAD.equals(className) ? new PrologueVisitor(writer, "start", "()V", TaskTransformer::started)
                    : VIRTUAL_THREAD.equals(className) ? new PrologueVisitor(writer, "start", VIRTUAL_START, TaskTransformer::started)
                    : new TaskVisitor(writer, className, RUNNERS.get(className));
            reader.accept(visitor, 0);
            return writer.toByteArray();
        } catch (RuntimeException e) {
            System.err.println("conclab: output of " + className.replace('/', '.')
                    + " tasks follows their threads, not their cells (" + e + ")");
            return null;
        }
    }

    private static void apply(MethodVisitor m) {
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/Function", "apply", "(Ljava/lang/Object;)Ljava/lang/Object;", true);
    }

    /**
     * Tells the hooks about each pool as it is made, so that {@code Cells.stop} can shut it down,
     * and wraps the Runnable that {@code ThreadPoolExecutor.execute} receives.
     */
    private static final class PoolVisitor extends ClassVisitor {
        PoolVisitor(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (name.equals("<init>")) {
                return new MethodVisitor(Opcodes.ASM9, method) {
                    @Override
                    public void visitInsn(int opcode) {
                        if (opcode == Opcodes.RETURN) {
                            started(this);
                        }
                        super.visitInsn(opcode);
                    }
                };
            }
            if (!name.equals("execute") || !descriptor.equals("(Ljava/lang/Runnable;)V")) {
                return method;
            }
            return new MethodVisitor(Opcodes.ASM9, method) {
                @Override
                public void visitCode() {
                    super.visitCode();
                    super.visitFieldInsn(Opcodes.GETSTATIC, HookFields.OWNER, HookFields.BIND, HookFields.FUNCTION);
                    super.visitVarInsn(Opcodes.ALOAD, 1);
                    apply(this);
                    super.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Runnable");
                    super.visitVarInsn(Opcodes.ASTORE, 1);
                }
            };
        }
    }

    /** {@code started.accept(this)}: a thread starts or a pool is made. */
    private static void started(MethodVisitor m) {
        m.visitFieldInsn(Opcodes.GETSTATIC, HookFields.OWNER, HookFields.STARTED, HookFields.CONSUMER);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/Consumer", "accept", "(Ljava/lang/Object;)V", true);
    }

    /**
     * In {@code toString}, {@code getClass().getName()} becomes {@code className.apply(getClass())}:
     * an object of a notebook class prints as {@code Task@1b6d3586}, not with JShell's wrapper
     * {@code REPL.$JShell$24$Task@1b6d3586}, as do exceptions of notebook classes.
     */
    private static final class ClassNameVisitor extends ClassVisitor {
        ClassNameVisitor(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (!name.equals("toString") || !descriptor.equals("()Ljava/lang/String;")) {
                return method;
            }
            return new MethodVisitor(Opcodes.ASM9, method) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor, boolean isInterface) {
                    if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Class") && called.equals("getName")) {
                        super.visitFieldInsn(Opcodes.GETSTATIC, HookFields.OWNER, HookFields.CLASS_NAME, HookFields.FUNCTION);
                        super.visitInsn(Opcodes.SWAP);
                        apply(this);
                        super.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
                    } else {
                        super.visitMethodInsn(opcode, owner, called, calledDescriptor, isInterface);
                    }
                }
            };
        }
    }

    /** {@code halting.accept(status)}: {@code Runtime.halt} first has the cells' output sent and the kernel told. */
    private static void halting(MethodVisitor m) {
        m.visitFieldInsn(Opcodes.GETSTATIC, HookFields.OWNER, HookFields.HALTING, HookFields.INT_CONSUMER);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/IntConsumer", "accept", "(I)V", true);
    }

    /** {@code systemExit.accept(status)}: {@code Runtime.exit(int)} asks first, and may be told to throw. */
    private static void exitCalled(MethodVisitor m) {
        m.visitFieldInsn(Opcodes.GETSTATIC, HookFields.OWNER, HookFields.SYSTEM_EXIT, HookFields.INT_CONSUMER);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/IntConsumer", "accept", "(I)V", true);
    }

    /**
     * Adds the cell field, fills it in every constructor, and puts each task-running method
     * inside a wrapper that enters the task's cell and leaves it however the method ends.
     */
    private static final class TaskVisitor extends ClassVisitor {
        private final String owner;
        private final Map<String, String> runners;
        private final java.util.List<String[]> wrapped = new java.util.ArrayList<>();

        TaskVisitor(ClassVisitor next, String owner, Map<String, String> runners) {
            super(Opcodes.ASM9, next);
            this.owner = owner;
            this.runners = runners;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            String wanted = runners.get(name);
            if (wanted != null && (wanted.equals("any") || wanted.equals(descriptor)) && descriptor.startsWith("()")
                    && (access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT)) == 0) {
                wrapped.add(new String[] {name, descriptor, String.valueOf(access)});
                int privateAccess = (access & ~(Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) | Opcodes.ACC_PRIVATE;
                return super.visitMethod(privateAccess, ORIGINAL + name, descriptor, signature, exceptions);
            }
            MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (!name.equals("<init>")) {
                return method;
            }
            return new MethodVisitor(Opcodes.ASM9, method) {
                @Override
                public void visitInsn(int opcode) {
                    if (opcode == Opcodes.RETURN) {
                        super.visitVarInsn(Opcodes.ALOAD, 0);
                        super.visitFieldInsn(Opcodes.GETSTATIC, HookFields.OWNER, HookFields.CAPTURE, HookFields.SUPPLIER);
                        super.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/Supplier", "get", "()Ljava/lang/Object;", true);
                        super.visitFieldInsn(Opcodes.PUTFIELD, owner, CELL_FIELD, "Ljava/lang/Object;");
                    }
                    super.visitInsn(opcode);
                }
            };
        }

        @Override
        public void visitEnd() {
            super.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC,
                    CELL_FIELD, "Ljava/lang/Object;", null, null).visitEnd();
            for (String[] method : wrapped) {
                writeWrapper(method[0], method[1], Integer.parseInt(method[2]));
            }
            super.visitEnd();
        }

        /** {@code previous = enter(cell); try { return original(); } finally { exit(previous); }} */
        private void writeWrapper(String name, String descriptor, int access) {
            MethodVisitor m = super.visitMethod(access, name, descriptor, null, null);
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            m.visitCode();
            m.visitTryCatchBlock(start, end, handler, null);
            m.visitFieldInsn(Opcodes.GETSTATIC, HookFields.OWNER, HookFields.ENTER, HookFields.FUNCTION);
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitFieldInsn(Opcodes.GETFIELD, owner, CELL_FIELD, "Ljava/lang/Object;");
            apply(m);
            m.visitVarInsn(Opcodes.ASTORE, 1);
            m.visitLabel(start);
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitMethodInsn(Opcodes.INVOKESPECIAL, owner, ORIGINAL + name, descriptor, false);
            m.visitLabel(end);
            exit(m);
            m.visitInsn(returnOpcode(descriptor));
            m.visitLabel(handler);
            m.visitFrame(Opcodes.F_FULL, 2, new Object[] {owner, "java/lang/Object"}, 1, new Object[] {"java/lang/Throwable"});
            exit(m);
            m.visitInsn(Opcodes.ATHROW);
            m.visitMaxs(0, 0);
            m.visitEnd();
        }

        private static void exit(MethodVisitor m) {
            m.visitFieldInsn(Opcodes.GETSTATIC, HookFields.OWNER, HookFields.EXIT, HookFields.CONSUMER);
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/Consumer", "accept", "(Ljava/lang/Object;)V", true);
        }

        private static int returnOpcode(String descriptor) {
            return switch (descriptor.charAt(descriptor.length() - 1)) {
                case 'V' -> Opcodes.RETURN;
                case 'Z', 'I', 'B', 'C', 'S' -> Opcodes.IRETURN;
                default -> throw new IllegalArgumentException("unexpected task method " + descriptor);
            };
        }
    }
}
