// Two threads increment one counter 100,000 times each; synchronized methods lose no update.
// Modelled on the Java Tutorials' SynchronizedCounter (synchronized methods lesson).
public class SynchronizedCounterDemo {
    public static void main(String[] args) throws InterruptedException {
        SynchronizedCounter counter = new SynchronizedCounter();
        Runnable work = () -> {
            for (int i = 0; i < 100_000; i++) {
                counter.increment();
            }
        };
        Thread a = new Thread(work);
        Thread b = new Thread(work);
        a.start();
        b.start();
        a.join();
        b.join();
        System.out.println("Counter value: " + counter.value());
    }
}

class SynchronizedCounter {
    private int c = 0;

    synchronized void increment() {
        c++;
    }

    synchronized void decrement() {
        c--;
    }

    synchronized int value() {
        return c;
    }
}
