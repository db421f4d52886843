// Threads started in a new ThreadGroup belong to it, the group's parent is the creating thread's
// group, and interrupting the group interrupts all its threads.
// Modelled on Jakob Jenkov's / javatpoint's ThreadGroup examples.
import java.util.concurrent.CountDownLatch;

public class ThreadGroups {
    public static void main(String[] args) throws InterruptedException {
        ThreadGroup workers = new ThreadGroup("workers");
        System.out.println(workers.getName() + " is a child of " + workers.getParent().getName());
        CountDownLatch asleep = new CountDownLatch(2);
        Thread[] threads = new Thread[2];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(workers, () -> {
                try {
                    asleep.countDown();
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Interrupted.report();
                }
            }, "w" + i);
            System.out.println(threads[i]);
        }
        for (Thread t : threads) {
            t.start();
        }
        asleep.await();
        workers.interrupt();
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("interrupted: " + Interrupted.count());
    }
}

class Interrupted {
    private static int count;

    static synchronized void report() {
        count++;
    }

    static synchronized int count() {
        return count;
    }
}
