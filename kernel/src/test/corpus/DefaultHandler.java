// Thread.setDefaultUncaughtExceptionHandler catches what kills any thread without its own handler;
// a thread's own handler, set with setUncaughtExceptionHandler, takes precedence.
// Modelled on Baeldung's "Global Exception Handling in Java" / Thread.UncaughtExceptionHandler docs.
public class DefaultHandler {
    public static void main(String[] args) throws InterruptedException {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> System.out.println("default handler: " + t.getName() + " died of " + e));
        Thread plain = new Thread(() -> {
            throw new ArithmeticException("divide by zero in plain");
        });
        plain.start();
        plain.join();
        Thread own = new Thread(() -> {
            throw new UnsupportedOperationException("own handler please");
        });
        own.setUncaughtExceptionHandler((t, e) -> System.out.println("own handler: " + t.getName() + " died of " + e.getMessage()));
        own.start();
        own.join();
        System.out.println("main: both threads are dead: " + !(plain.isAlive() || own.isAlive()));
    }
}
