// corpus: unordered
// Two threads swap objects through an Exchanger; each prints what it gave and what it got.
// Modelled on Jakob Jenkov's Exchanger tutorial.
import java.util.concurrent.Exchanger;
import java.util.concurrent.TimeUnit;

public class ExchangerDemo {
    public static void main(String[] args) throws InterruptedException {
        Exchanger<String> exchanger = new Exchanger<>();
        Thread a = new Thread(new Swapper(exchanger, "A's full buffer"));
        Thread b = new Thread(new Swapper(exchanger, "B's empty buffer"));
        a.start();
        b.start();
        a.join();
        b.join();
    }
}

class Swapper implements Runnable {
    private final Exchanger<String> exchanger;
    private final String mine;

    Swapper(Exchanger<String> exchanger, String mine) {
        this.exchanger = exchanger;
        this.mine = mine;
    }

    public void run() {
        try {
            String theirs = exchanger.exchange(mine, 5, TimeUnit.SECONDS);
            System.out.println(Thread.currentThread().getName() + " gave " + mine + " and got " + theirs);
        } catch (Exception e) {
            System.out.println(Thread.currentThread().getName() + " failed: " + e);
        }
    }
}
