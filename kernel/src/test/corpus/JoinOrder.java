// Main starts three workers that finish in reverse order and joins them in start order, so the
// results print in start order. Thread.join also makes each worker's writes visible to main.
// The 400 ms gaps keep the finishing order on a loaded machine (100 ms gaps flipped at load 20).
// Modelled on Baeldung's "The Thread.join() Method in Java".
public class JoinOrder {
    public static void main(String[] args) throws InterruptedException {
        Sleeper[] sleepers = {new Sleeper(1200), new Sleeper(800), new Sleeper(400)};
        Thread[] threads = new Thread[sleepers.length];
        for (int i = 0; i < sleepers.length; i++) {
            threads[i] = new Thread(sleepers[i]);
            threads[i].start();
        }
        for (int i = 0; i < threads.length; i++) {
            threads[i].join();
            System.out.println(threads[i].getName() + " slept " + sleepers[i].millis + " ms, finished " + sleepers[i].finishedAs + " of 3");
        }
        System.out.println("Alive after join: " + threads[0].isAlive());
    }
}

class Sleeper implements Runnable {
    private static final java.util.concurrent.atomic.AtomicInteger finishing = new java.util.concurrent.atomic.AtomicInteger();
    final long millis;
    int finishedAs;

    Sleeper(long millis) {
        this.millis = millis;
    }

    public void run() {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            return;
        }
        finishedAs = finishing.incrementAndGet();
    }
}
