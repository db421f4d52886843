// corpus: unordered
// Each thread gets its own value from a ThreadLocal; a value set in one thread is not seen in
// another. Modelled on the ThreadId example of the JDK's java.lang.ThreadLocal documentation.
import java.util.concurrent.atomic.AtomicInteger;

public class ThreadLocalIds {
    public static void main(String[] args) throws InterruptedException {
        System.out.println("main has id " + ThreadId.get());
        Thread[] threads = new Thread[3];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                String name = Thread.currentThread().getName();
                ThreadId.NAME.set("set by " + name);
                // Each thread reads back what it set itself, never another thread's value.
                System.out.println(name + " has an id > 0: " + (ThreadId.get() > 0) + ", local value " + ThreadId.NAME.get());
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("main still has id " + ThreadId.get() + " and local value " + ThreadId.NAME.get());
    }
}

class ThreadId {
    private static final AtomicInteger nextId = new AtomicInteger(0);
    private static final ThreadLocal<Integer> threadId = ThreadLocal.withInitial(nextId::getAndIncrement);
    static final ThreadLocal<String> NAME = ThreadLocal.withInitial(() -> "unset");

    static int get() {
        return threadId.get();
    }
}
