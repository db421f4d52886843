// corpus: unordered
// Three workers each count a latch down once; main waits on the latch and goes on when all are done.
// Modelled on Baeldung's "Guide to CountDownLatch in Java".
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

public class CountDownLatchDemo {
    public static void main(String[] args) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(3);
        for (int i = 1; i <= 3; i++) {
            new Thread(new Worker(i, done)).start();
        }
        boolean allDone = done.await(5, TimeUnit.SECONDS);
        System.out.println("All workers finished: " + allDone + ", count is now " + done.getCount());
    }
}

class Worker implements Runnable {
    private final int id;
    private final CountDownLatch done;

    Worker(int id, CountDownLatch done) {
        this.id = id;
        this.done = done;
    }

    public void run() {
        System.out.println("Worker " + id + " on " + Thread.currentThread().getName() + " counted down");
        done.countDown();
    }
}
