// Main interrupts a sleeping thread; the sleep ends with InterruptedException, which clears the
// interrupt status, and the thread restores it. Modelled on the Java Tutorials' "Interrupts" lesson.
import java.util.concurrent.CountDownLatch;

public class InterruptSleeper {
    public static void main(String[] args) throws InterruptedException {
        CountDownLatch sleeping = new CountDownLatch(1);
        Thread sleeper = new Thread(() -> {
            Thread me = Thread.currentThread();
            try {
                sleeping.countDown();
                Thread.sleep(10_000);
                System.out.println("woke up normally");
            } catch (InterruptedException e) {
                System.out.println(me.getName() + " interrupted: " + e.getMessage());
                System.out.println("interrupt status after the exception: " + me.isInterrupted());
                me.interrupt();
                System.out.println("interrupt status restored: " + me.isInterrupted());
                System.out.println("Thread.interrupted() clears it: " + Thread.interrupted() + " then " + Thread.interrupted());
            }
        });
        sleeper.start();
        sleeping.await();
        sleeper.interrupt();
        sleeper.join();
        System.out.println("main: " + sleeper.getName() + " state is " + sleeper.getState());
    }
}
