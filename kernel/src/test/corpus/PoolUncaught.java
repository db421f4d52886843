// A task given to a pool with execute dies of an exception and the default handler prints it with
// the pool thread's name; the same task given with submit fails quietly into its Future, which
// rethrows it wrapped in an ExecutionException. Modelled on Java Concurrency in Practice (7.3,
// uncaught exception handlers and submit vs execute) and the cached-pool example.
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

public class PoolUncaught {
    public static void main(String[] args) throws InterruptedException {
        ExecutorService pool = Executors.newCachedThreadPool();
        pool.execute(() -> {
            throw new IllegalStateException("task given to execute failed");
        });
        Future<?> future = pool.submit(() -> {
            throw new IllegalStateException("task given to submit failed");
        });
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            System.out.println("future.get threw " + e.getCause());
        } catch (Exception e) {
            System.out.println("unexpected " + e);
        }
        pool.shutdown();
        System.out.println("pool terminated: " + pool.awaitTermination(5, TimeUnit.SECONDS));
    }
}
