// A daemon thread does not keep the JVM alive: main ends while the daemon still waits, and the
// program exits. New threads inherit the daemon status of the thread that creates them.
// Modelled on Baeldung's "Daemon Threads in Java".
import java.util.concurrent.CountDownLatch;

public class DaemonThreads {
    public static void main(String[] args) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Thread daemon = new Thread(() -> {
            System.out.println(Thread.currentThread().getName() + " is a daemon: " + Thread.currentThread().isDaemon());
            Thread child = new Thread(() -> { });
            System.out.println("its child is a daemon too: " + child.isDaemon());
            started.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("never printed");
        });
        daemon.setDaemon(true);
        daemon.start();
        started.await();
        System.out.println("main is a daemon: " + Thread.currentThread().isDaemon());
        System.out.println("main ends while " + daemon.getName() + " is still alive: " + daemon.isAlive());
    }
}
