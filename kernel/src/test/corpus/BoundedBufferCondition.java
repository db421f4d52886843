// A bounded buffer with one ReentrantLock and two Conditions (notFull, notEmpty); a producer puts
// 1..20 into a buffer of 5 and a consumer adds them up. Modelled on the BoundedBuffer example of the
// JDK's java.util.concurrent.locks.Condition documentation.
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

public class BoundedBufferCondition {
    public static void main(String[] args) throws InterruptedException {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(5);
        long[] sum = {0};
        Thread producer = new Thread(() -> {
            try {
                for (int i = 1; i <= 20; i++) {
                    buffer.put(i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread consumer = new Thread(() -> {
            try {
                for (int i = 1; i <= 20; i++) {
                    sum[0] += buffer.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        consumer.start();
        producer.join();
        consumer.join();
        System.out.println("Consumer took 20 items adding up to " + sum[0]);
        System.out.println("Buffer never held more than " + buffer.capacity() + ": " + (buffer.mostHeld() <= buffer.capacity()));
    }
}

class BoundedBuffer<E> {
    private final Lock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private final Object[] items;
    private int putIndex, takeIndex, count, mostHeld;

    BoundedBuffer(int capacity) {
        items = new Object[capacity];
    }

    int capacity() {
        return items.length;
    }

    int mostHeld() {
        lock.lock();
        try {
            return mostHeld;
        } finally {
            lock.unlock();
        }
    }

    void put(E item) throws InterruptedException {
        lock.lock();
        try {
            while (count == items.length) {
                notFull.await();
            }
            items[putIndex] = item;
            putIndex = (putIndex + 1) % items.length;
            mostHeld = Math.max(mostHeld, ++count);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    E take() throws InterruptedException {
        lock.lock();
        try {
            while (count == 0) {
                notEmpty.await();
            }
            E item = (E) items[takeIndex];
            items[takeIndex] = null;
            takeIndex = (takeIndex + 1) % items.length;
            count--;
            notFull.signal();
            return item;
        } finally {
            lock.unlock();
        }
    }
}
