// corpus: unordered
// Three parties go through two phases of a Phaser; onAdvance reports each phase's end and ends the
// phaser after the second. Modelled on Baeldung's "Guide to the Java Phaser".
import java.util.concurrent.Phaser;

public class PhaserDemo {
    public static void main(String[] args) throws InterruptedException {
        Phaser phaser = new Phaser(1) {
            @Override
            protected boolean onAdvance(int phase, int registeredParties) {
                System.out.println("Phase " + phase + " done with " + registeredParties + " parties");
                return phase == 1;
            }
        };
        Thread[] workers = new Thread[3];
        for (int i = 0; i < workers.length; i++) {
            phaser.register();
            workers[i] = new Thread(new PhaseWorker(phaser), "worker-" + i);
            workers[i].start();
        }
        // main is a party too: it lets both phases advance and then leaves.
        phaser.arriveAndAwaitAdvance();
        phaser.arriveAndAwaitAdvance();
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("Terminated: " + phaser.isTerminated());
    }
}

class PhaseWorker implements Runnable {
    private final Phaser phaser;

    PhaseWorker(Phaser phaser) {
        this.phaser = phaser;
    }

    public void run() {
        String name = Thread.currentThread().getName();
        System.out.println(name + " works in phase " + phaser.getPhase());
        phaser.arriveAndAwaitAdvance();
        System.out.println(name + " works in phase " + phaser.getPhase());
        phaser.arriveAndAwaitAdvance();
    }
}
