import dev.conclab.runtime.internal.cells.NotebookThreadGroup;
import dev.conclab.runtime.timeline.Contention;

/**
 * What recording contention from Flight Recorder costs: the first start in a JVM, later starts, the
 * stop (which waits for the last events), and the cost per recorded wait in a contended loop, one on
 * a monitor and one on a ReentrantLock (whose owner ParkOwners looks up every 1 ms while a thread parks).
 * Run: java -cp runtime/target/classes bench/ContentionCostBench.java
 */
public class ContentionCostBench {
    static long counter;

    public static void main(String[] args) throws Exception {
        ThreadGroup cell = new NotebookThreadGroup(Thread.currentThread().getThreadGroup(), (t, e) -> { });
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            Contention contention = Contention.start();
            long t1 = System.nanoTime();
            contention.stop();
            long t2 = System.nanoTime();
            System.out.printf("start %d: %.1f ms, stop %.1f ms%n", round, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        }
        for (boolean reentrant : new boolean[] {false, true}) {
            for (int round = 0; round < 3; round++) {
                double plain = contended(cell, reentrant);
                long t0 = System.nanoTime();
                Contention contention = Contention.start();
                double recorded = contended(cell, reentrant);
                contention.stop();
                long total = System.nanoTime() - t0;
                int waits = contention.spans().size();
                long named = contention.spans().stream().filter(span -> span.holder() != null).count();
                System.out.printf("contended %s loop: %.1f ms plain, %.1f ms recorded, %d waits (%d with a holder), "
                                + "%.2f us per wait; start+loop+stop %.1f ms%n", reentrant ? "ReentrantLock" : "synchronized",
                        plain, recorded, waits, named, waits == 0 ? 0 : (recorded - plain) * 1000 / waits, total / 1e6);
            }
        }
    }

    /** Two threads, 200,000 increments each under one monitor or ReentrantLock, with a little work inside. */
    static double contended(ThreadGroup cell, boolean reentrant) throws InterruptedException {
        Object monitor = new Object();
        java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        Runnable body = () -> {
            for (int i = 0; i < 200_000; i++) {
                if (reentrant) {
                    lock.lock();
                    try {
                        work();
                    } finally {
                        lock.unlock();
                    }
                } else {
                    synchronized (monitor) {
                        work();
                    }
                }
            }
        };
        long t0 = System.nanoTime();
        Thread a = new Thread(cell, body, "a");
        Thread b = new Thread(cell, body, "b");
        a.start();
        b.start();
        a.join();
        b.join();
        return (System.nanoTime() - t0) / 1e6;
    }

    static void work() {
        counter++;
        for (int spin = 0; spin < 20; spin++) {
            Thread.onSpinWait();
        }
    }
}
