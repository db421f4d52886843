// Six tasks share a Semaphore with two permits, so at most two are ever inside at once.
// Modelled on Baeldung's "Semaphores in Java" (limiting concurrent access).
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

public class SemaphoreDemo {
    public static void main(String[] args) throws InterruptedException {
        Semaphore permits = new Semaphore(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        for (int i = 0; i < 6; i++) {
            pool.execute(() -> {
                try {
                    permits.acquire();
                    try {
                        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.sleep(50);
                        inside.decrementAndGet();
                    } finally {
                        permits.release();
                    }
                    finished.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        pool.shutdown();
        System.out.println("Terminated: " + pool.awaitTermination(5, TimeUnit.SECONDS));
        System.out.println("Tasks finished: " + finished.get());
        System.out.println("Never more than 2 inside: " + (mostInside.get() <= 2));
        System.out.println("Permits available again: " + permits.availablePermits());
    }
}
