// A cache of results computed at most once per key even when several threads ask at once: the
// first asker puts a FutureTask with putIfAbsent, the others wait on it.
// Modelled on Memoizer (listing 5.19) of Java Concurrency in Practice.
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

public class Memoizer {
    public static void main(String[] args) throws Exception {
        AtomicInteger computations = new AtomicInteger();
        Memo<Integer, Long> slowSquare = new Memo<>(n -> {
            computations.incrementAndGet();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return (long) n * n;
        });
        CountDownLatch start = new CountDownLatch(1);
        Thread[] askers = new Thread[8];
        long[] answers = new long[askers.length];
        for (int i = 0; i < askers.length; i++) {
            int slot = i;
            askers[i] = new Thread(() -> {
                try {
                    start.await();
                    answers[slot] = slowSquare.compute(slot % 2 == 0 ? 12 : 13);
                } catch (Exception e) {
                    System.out.println("asker failed: " + e);
                }
            });
            askers[i].start();
        }
        start.countDown();
        for (Thread asker : askers) {
            asker.join();
        }
        System.out.println("answers: " + java.util.Arrays.toString(answers));
        System.out.println("computations for 2 distinct keys: " + computations.get());
    }
}

class Memo<A, V> {
    private final ConcurrentMap<A, Future<V>> cache = new ConcurrentHashMap<>();
    private final Function<A, V> function;

    Memo(Function<A, V> function) {
        this.function = function;
    }

    V compute(A arg) throws InterruptedException, ExecutionException {
        Future<V> f = cache.get(arg);
        if (f == null) {
            FutureTask<V> task = new FutureTask<>(() -> function.apply(arg));
            f = cache.putIfAbsent(arg, task);
            if (f == null) {
                f = task;
                task.run();
            }
        }
        return f.get();
    }
}
