package dev.conclab.runtime.ipc;

import java.io.ObjectOutputStream;

/**
 * A child JVM of {@link ConnectionTest} that serves a queue, a semaphore and a pipe: writes their handles
 * to stdout, then serves until its stdin closes. The test's JVM, which does not serve them, calls
 * them through a {@link Connection}, as a notebook's child does.
 */
final class ServingChild {
    private ServingChild() {}

    public static void main(String[] args) throws Exception {
        Object[] handles = {ProcessQueue.<String>create(), ProcessSemaphore.create(0), ProcessPipe.create()};
        ObjectOutputStream out = new ObjectOutputStream(System.out);
        out.writeObject(handles);
        out.flush();
        while (System.in.read() >= 0) {
            // Serves on its service threads until the test closes stdin.
        }
        System.exit(0);
    }
}
