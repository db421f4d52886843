// A thread dies of an exception nobody catches: the JVM's default handler prints "Exception in
// thread "Thread-0" ..." with the stack trace on stderr, and main goes on. The example of issue 10
// and the Java Tutorials' point that an uncaught exception ends only its own thread.
public class UncaughtInThread {
    public static void main(String[] args) throws InterruptedException {
        Thread worker = new Thread(() -> {
            System.out.println("worker starts");
            throw new IllegalStateException("worker failed");
        });
        worker.start();
        worker.join();
        System.out.println("main goes on after " + worker.getName() + " died; alive: " + worker.isAlive());
    }
}
