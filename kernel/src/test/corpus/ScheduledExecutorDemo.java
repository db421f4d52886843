// A ScheduledExecutorService runs a task at a fixed rate three times, then a one-shot delayed task,
// and is shut down. Modelled on Baeldung's ScheduledExecutorService examples.
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

public class ScheduledExecutorDemo {
    public static void main(String[] args) throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        AtomicInteger ticks = new AtomicInteger();
        CountDownLatch threeTicks = new CountDownLatch(3);
        ScheduledFuture<?> ticking = scheduler.scheduleAtFixedRate(() -> {
            if (ticks.get() < 3) {
                System.out.println("tick " + ticks.incrementAndGet());
                threeTicks.countDown();
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        threeTicks.await(5, TimeUnit.SECONDS);
        ticking.cancel(false);
        ScheduledFuture<String> later = scheduler.schedule(() -> "delayed task ran", 200, TimeUnit.MILLISECONDS);
        System.out.println(later.get(5, TimeUnit.SECONDS));
        System.out.println("Periodic task cancelled: " + ticking.isCancelled());
        scheduler.shutdown();
        System.out.println("Terminated: " + scheduler.awaitTermination(5, TimeUnit.SECONDS));
    }
}
