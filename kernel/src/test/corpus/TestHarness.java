// corpus: mask took \d+ ns
// A start gate and an end gate (two CountDownLatches) release n threads at once and time how long
// they take together. Modelled on TestHarness (listing 5.11) of Java Concurrency in Practice; the
// elapsed time differs from run to run and is masked by the corpus test.
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

public class TestHarness {
    public static void main(String[] args) throws InterruptedException {
        AtomicInteger ran = new AtomicInteger();
        long nanos = new Harness().timeTasks(5, () -> ran.incrementAndGet());
        System.out.println("5 threads took " + nanos + " ns");
        System.out.println("tasks run: " + ran.get());
    }
}

class Harness {
    long timeTasks(int nThreads, Runnable task) throws InterruptedException {
        CountDownLatch startGate = new CountDownLatch(1);
        CountDownLatch endGate = new CountDownLatch(nThreads);
        for (int i = 0; i < nThreads; i++) {
            Thread t = new Thread(() -> {
                try {
                    startGate.await();
                    try {
                        task.run();
                    } finally {
                        endGate.countDown();
                    }
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
        }
        long start = System.nanoTime();
        startGate.countDown();
        endGate.await();
        return System.nanoTime() - start;
    }
}
