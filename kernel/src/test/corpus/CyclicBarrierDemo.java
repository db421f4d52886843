// corpus: unordered
// Three parties meet at a barrier twice; the barrier action runs once per trip.
// Modelled on Jakob Jenkov's CyclicBarrier tutorial (java.util.concurrent series).
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

public class CyclicBarrierDemo {
    public static void main(String[] args) throws InterruptedException {
        int[] trips = {0};
        CyclicBarrier barrier = new CyclicBarrier(3, () -> System.out.println("Barrier tripped " + (++trips[0]) + " time(s)"));
        Thread[] parties = new Thread[3];
        for (int i = 0; i < parties.length; i++) {
            parties[i] = new Thread(new Party(barrier), "party-" + i);
            parties[i].start();
        }
        for (Thread party : parties) {
            party.join();
        }
        System.out.println("All parties passed both barriers");
    }
}

class Party implements Runnable {
    private final CyclicBarrier barrier;

    Party(CyclicBarrier barrier) {
        this.barrier = barrier;
    }

    public void run() {
        String name = Thread.currentThread().getName();
        try {
            for (int round = 1; round <= 2; round++) {
                System.out.println(name + " waiting at barrier in round " + round);
                barrier.await(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.out.println(name + " gave up: " + e);
        }
    }
}
