package dev.conclab.runtime.ipc;

import dev.conclab.runtime.serial.RefusedObjectException;
import java.io.Serializable;

/**
 * What the manager's shared collections ({@link ProcessMap}, {@link ProcessList}) have in common,
 * like the server process of Python's {@code multiprocessing.Manager}: the JVM that created the
 * collection keeps the real one, and every handle sends it requests (an operation and its
 * arguments, Java-serialized unless {@link Values} has bytes of their own for them). One server thread applies them in turn, so each operation, a merge
 * included, is atomic. A failure there (a merge function that throws, a class the server does not
 * know) goes back to the caller instead of ending the server.
 */
final class Managed {
    private Managed() {}

    /** The collection's operations, applied on its server thread only, so they need no locking. */
    interface Operations {
        Object apply(String operation, Object[] arguments) throws Exception;
    }

    /** The answer to one request: the operation's value, or what it threw. */
    private record Answer(Object value, Throwable failure) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Serves a collection from this JVM; {@code kind} names it in thread names and errors. */
    static HostedClient serve(String kind, Operations operations) {
        // The creator is notebook code: its loader knows the notebook's classes, which keys, values and merge lambdas may be.
        ClassLoader notebook = callerLoader();
        Endpoint endpoint = HostedObject.serve(kind, (operation, argument, requester, replies) -> {
            Answer answer;
            try {
                Object[] arguments = (Object[]) HostedClient.deserialize(argument, notebook);
                answer = new Answer(operations.apply(operation, arguments), null);
            } catch (Exception | Error failure) {
                answer = new Answer(null, failure);
            }
            return encode(answer);
        });
        return new HostedClient(endpoint);
    }

    /**
     * Applies {@code operation} on the server and returns its value; a failure there is thrown here.
     *
     * @throws InterruptedException when the calling thread is interrupted while it waits for the
     *     answer; the operation may still be applied (it is never put aside, so it is not withdrawn)
     */
    static Object call(HostedClient client, String operation, Object... arguments) throws InterruptedException {
        byte[] reply = client.call(operation, HostedClient.serialize(arguments));
        // Walking the stack for the loader costs microseconds per call: only when a value was Java-serialized.
        Object decoded = HostedClient.deserialize(reply, Managed::callerLoader);
        if (decoded instanceof Object[] plain) {
            return plain[0]; // a plain value, see encode
        }
        Answer answer = (Answer) decoded;
        if (answer.failure() instanceof RefusedObjectException refused) {
            throw new RefusedObjectException("the JVM that serves this shared object refused what " + operation + " sent: "
                    + refused.getMessage(), refused);
        }
        if (answer.failure() != null) {
            throw new IllegalStateException(operation + " failed in the JVM that serves this shared object: " + answer.failure(),
                    answer.failure());
        }
        return answer.value();
    }

    /** An answer always reaches the caller: an exception that cannot travel goes as its description. */
    private static byte[] encode(Answer answer) {
        if (answer.failure() == null && !(answer.value() instanceof Object[]) && Values.hasOwnBytes(answer.value())) {
            // A common value in a few bytes (Values), without the Answer around it.
            return HostedClient.serialize(new Object[] {answer.value()});
        }
        try {
            return HostedClient.serialize(answer);
        } catch (IllegalArgumentException notSerializable) {
            Throwable failure = answer.failure() != null ? answer.failure() : notSerializable;
            IllegalStateException description = new IllegalStateException(failure.toString());
            description.setStackTrace(failure.getStackTrace());
            return HostedClient.serialize(new Answer(null, description));
        }
    }

    /**
     * The class loader of the first caller outside this package and the JDK: notebook code, whose
     * loader (JShell's, in the executor) knows the classes the notebook defined.
     */
    static ClassLoader callerLoader() {
        String here = Managed.class.getPackageName();
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(type -> !type.getPackageName().equals(here) && type.getClassLoader() != null)
                        .map(Class::getClassLoader)
                        .findFirst())
                .orElseGet(() -> Thread.currentThread().getContextClassLoader() != null
                        ? Thread.currentThread().getContextClassLoader() : Managed.class.getClassLoader());
    }
}
