// Four threads add 50,000 each to a plain int field and to an AtomicInteger: the atomic total is
// exact, the plain one can lose updates (count++ is read, add, write). Modelled on Jakob Jenkov's
// race conditions and AtomicInteger tutorials.
import java.util.concurrent.atomic.AtomicInteger;

public class AtomicVsRace {
    public static void main(String[] args) throws InterruptedException {
        Counters counters = new Counters();
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 50_000; j++) {
                    counters.plain++;
                    counters.atomic.incrementAndGet();
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("Atomic total: " + counters.atomic.get());
        // How many updates the race loses changes from run to run; that it loses none is not promised.
        System.out.println("Plain total is at most 200000: " + (counters.plain <= 200_000));
    }
}

class Counters {
    int plain;
    final AtomicInteger atomic = new AtomicInteger();
}
