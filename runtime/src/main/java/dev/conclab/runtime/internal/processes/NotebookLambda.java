package dev.conclab.runtime.internal.processes;

import dev.conclab.runtime.processes.ProcessFunction;
import dev.conclab.runtime.processes.ProcessTask;
import dev.conclab.runtime.serial.NotebookClasses;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A notebook's lambda as it travels to a pool worker instead of the JDK's {@link SerializedLambda}:
 * the static method that holds its body, and what it captured. The JDK rebuilds a SerializedLambda
 * through the capturing class's {@code $deserializeLambda$}, called by reflection, and its lambda
 * factory, which spins a class for it: each cell's lambda is a class of its own, so a worker did
 * that for every map, in code too seldom run to be compiled (about 1.5-5 ms a map per worker in
 * the kernel, docs/benchmarks.md, issue 13 part 4). Here the worker looks the method up and calls
 * it by reflection, through the JVM's native accessor (the worker's command line keeps reflection
 * from generating a class per method, {@link PoolWorker}): a method handle per new method cost as
 * much, since with the children's class-data archive the JDK spun and compiled a class for each.
 *
 * <p>Only a lambda's own body is linked this way: a synthetic static {@code lambda$} method of a
 * class the deserialization filter allows ({@link NotebookClasses}), as the JDK's path only links
 * lambdas the class wrote; anything else (a method reference, a lambda that captures {@code this})
 * travels as before. Its bytes are its names and captured values as {@link ChunkValues} behind a
 * byte of its own ({@link #TAG}): a Java object stream took a young worker about 0.3 ms to read.
 *
 * @param type the lambda's class (capturing and holding its body), in JVM form: {@code REPL/$JShell$12}
 * @param method the name of the method with the lambda's body
 * @param signature that method's descriptor
 * @param captured the values the lambda captured, in order
 */
record NotebookLambda(String type, String method, String signature, Object[] captured) {
    /** The first byte of a NotebookLambda's bytes; a Java object stream's first is 0xAC. */
    private static final byte TAG = 'L';
    private static final String SOURCE = "the pool's parent";

    /**
     * {@code lambda}, a serializable lambda of functional interface {@code target}, as a
     * NotebookLambda, or null when it is not one a worker can link directly.
     */
    static NotebookLambda of(Object lambda, Class<?> target) {
        Class<?> type = lambda.getClass();
        if (!type.isSynthetic() || !type.isHidden()) {
            return null;
        }
        SerializedLambda serialized;
        try {
            Method writeReplace = type.getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            if (!(writeReplace.invoke(lambda) instanceof SerializedLambda replaced)) {
                return null;
            }
            serialized = replaced;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not a serializable lambda: it travels as it is
        }
        if (serialized.getImplMethodKind() != MethodHandleInfo.REF_invokeStatic
                || !serialized.getImplClass().equals(serialized.getCapturingClass())
                || !serialized.getImplMethodName().startsWith("lambda$")
                || !serialized.getFunctionalInterfaceClass().equals(target.getName().replace('.', '/'))) {
            return null;
        }
        Object[] captured = new Object[serialized.getCapturedArgCount()];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = serialized.getCapturedArg(i);
        }
        return new NotebookLambda(serialized.getImplClass(), serialized.getImplMethodName(),
                serialized.getImplMethodSignature(), captured);
    }

    /**
     * The lambda's body in this JVM, accessible.
     *
     * @throws ReflectiveOperationException when the class or method is not there, or is not a lambda's body
     */
    Method link(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> holder = Class.forName(type.replace('/', '.'), false, loader);
        if (!NotebookClasses.allows(holder)) {
            throw new ClassNotFoundException("a pool worker links lambdas of the notebook's classes only, not of " + holder.getName());
        }
        // Initialized only once it is known to be the notebook's.
        Class.forName(holder.getName(), true, loader);
        MethodType methodType = MethodType.fromMethodDescriptorString(signature, holder.getClassLoader());
        Method body = holder.getDeclaredMethod(method, methodType.parameterArray());
        if (!body.isSynthetic() || !Modifier.isStatic(body.getModifiers())) {
            throw new NoSuchMethodException(holder.getName() + "." + method + " is not the body of a lambda");
        }
        body.setAccessible(true);
        return body;
    }

    /** This lambda's bytes: {@link #TAG}, then its names and captured values ({@link ChunkValues}). */
    byte[] bytes() throws NotSerializableException {
        List<Object> values = new ArrayList<>(List.of(type, method, signature));
        values.addAll(Arrays.asList(captured));
        byte[] encoded = ChunkValues.encode(values);
        byte[] bytes = new byte[encoded.length + 1];
        bytes[0] = TAG;
        System.arraycopy(encoded, 0, bytes, 1, encoded.length);
        return bytes;
    }

    /** Whether {@code bytes} are a NotebookLambda's rather than a Java object stream. */
    static boolean isOne(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == TAG;
    }

    /** The lambda in {@code bytes} ({@link #isOne}); captured values that are not plain are read through the filter. */
    static NotebookLambda read(byte[] bytes) throws IOException, ClassNotFoundException {
        List<Object> values = ChunkValues.decode(Arrays.copyOfRange(bytes, 1, bytes.length), SOURCE, null);
        if (values.size() < 3 || !(values.get(0) instanceof String type) || !(values.get(1) instanceof String method)
                || !(values.get(2) instanceof String signature)) {
            throw new InvalidObjectException("a pool's lambda without the names of its class and method");
        }
        return new NotebookLambda(type, method, signature, values.subList(3, values.size()).toArray());
    }

    /** A map's function as a worker read it ({@link MapChunk#readFunctionObject}), linked. */
    @SuppressWarnings("unchecked")
    static ProcessFunction<Object, Object> function(Object read) throws InvalidObjectException {
        if (read instanceof NotebookLambda lambda) {
            return new LinkedFunction(lambda.linked());
        }
        return (ProcessFunction<Object, Object>) read;
    }

    /** A task as a worker read it ({@link MapChunk#readFunctionObject}), linked. */
    static ProcessTask<?> task(Object read) throws InvalidObjectException {
        if (read instanceof NotebookLambda lambda) {
            return new LinkedTask(lambda.linked());
        }
        return (ProcessTask<?>) read;
    }

    private Body linked() throws InvalidObjectException {
        try {
            return new Body(link(NotebookLambda.class.getClassLoader()), captured);
        } catch (ReflectiveOperationException | IllegalArgumentException | TypeNotPresentException | SecurityException e) {
            InvalidObjectException failure = new InvalidObjectException("the lambda " + type.replace('/', '.') + "." + method
                    + " could not be linked in the worker: " + e);
            failure.initCause(e);
            throw failure;
        }
    }

    /** A lambda's body and what it captured, called as the lambda's class would call it. */
    private record Body(Method method, Object[] captured) {
        Object call(Object... arguments) throws Exception {
            Object[] all = arguments;
            if (captured.length > 0) {
                all = Arrays.copyOf(captured, captured.length + arguments.length);
                System.arraycopy(arguments, 0, all, captured.length, arguments.length);
            }
            try {
                return method.invoke(null, all);
            } catch (InvocationTargetException e) {
                // What the body threw, as it is, for the task's traceback.
                if (e.getCause() instanceof Exception exception) {
                    throw exception;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new UndeclaredThrowableException(e.getCause());
            } catch (IllegalArgumentException e) {
                // Thrown by reflection, not by the body: an input the lambda's class would not have cast.
                ClassCastException wrongInput = new ClassCastException("the pool's function takes "
                        + Arrays.toString(method.getParameterTypes()) + ", not " + Arrays.toString(types(all)));
                wrongInput.initCause(e);
                throw wrongInput;
            }
        }

        private static String[] types(Object[] values) {
            return Arrays.stream(values).map(value -> value == null ? "null" : value.getClass().getName()).toArray(String[]::new);
        }
    }

    /** A linked map function; it never travels again. */
    private static final class LinkedFunction implements ProcessFunction<Object, Object> {
        private static final long serialVersionUID = 1L;
        private final transient Body body;

        LinkedFunction(Body body) {
            this.body = body;
        }

        @Override
        public Object apply(Object input) throws Exception {
            return body.call(input);
        }
    }

    /** A linked task; it never travels again. */
    private static final class LinkedTask implements ProcessTask<Object> {
        private static final long serialVersionUID = 1L;
        private final transient Body body;

        LinkedTask(Body body) {
            this.body = body;
        }

        @Override
        public Object call() throws Exception {
            return body.call();
        }
    }
}
