// A cache guarded by a ReentrantReadWriteLock: many readers at once, one writer alone. The lock's
// toString shows its state (and an identity hash code). Modelled on Jakob Jenkov's ReadWriteLock
// tutorial and the CachedData example of the ReentrantReadWriteLock documentation.
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

public class ReadWriteLockDemo {
    public static void main(String[] args) throws InterruptedException {
        Cache cache = new Cache();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 100; i++) {
            int n = i;
            pool.execute(() -> cache.put("key" + (n % 10), n));
            pool.execute(() -> cache.get("key" + (n % 10)));
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        System.out.println("Keys in cache: " + cache.size());
        System.out.println("Writes: " + cache.writes() + ", reads: " + cache.reads());
        System.out.println(cache.lock());
        cache.lock().readLock().lock();
        System.out.println(cache.lock());
        System.out.println(cache.lock().readLock());
        cache.lock().readLock().unlock();
    }
}

class Cache {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Integer> map = new HashMap<>();
    private int writes;
    private final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

    ReentrantReadWriteLock lock() {
        return lock;
    }

    Integer get(String key) {
        lock.readLock().lock();
        try {
            reads.incrementAndGet();
            return map.get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    void put(String key, int value) {
        lock.writeLock().lock();
        try {
            writes++;
            map.put(key, value);
        } finally {
            lock.writeLock().unlock();
        }
    }

    int size() {
        lock.readLock().lock();
        try {
            return map.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    int writes() {
        lock.readLock().lock();
        try {
            return writes;
        } finally {
            lock.readLock().unlock();
        }
    }

    int reads() {
        return reads.get();
    }
}
