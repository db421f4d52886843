package dev.conclab.runtime.ipc;

/**
 * Starts the threads that serve and connect shared objects. They are daemons, so they never keep
 * a JVM from exiting, and they live in the JVM's root thread group, not in the group of the cell
 * that first used the object: stopping a cell stops the threads of that group, and a queue made
 * or used in one cell must keep working in the next.
 */
final class ServiceThreads {
    private ServiceThreads() {}

    static Thread start(String name, Runnable body) {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread thread = new Thread(root, body, "conclab-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
