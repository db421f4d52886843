// Classes and methods used before the file declares them, as javac allows in any order: a helper
// calls a method declared after it, a class uses classes declared later, and a method catches
// InterruptedException around a call into a class that comes later in the file.
// Modelled on the multi-class programs of the Java Tutorials (e.g. BicycleDemo before Bicycle).
public class ForwardReferences {
    static void announce(String what) {
        System.out.println(banner() + what);
    }

    static String banner() {
        return "[lab] ";
    }

    public static void main(String[] args) throws InterruptedException {
        Gate gate = new Gate();
        Waiter waiter = new Waiter(gate);
        Thread t = new Thread(waiter);
        t.start();
        announce("opening the gate");
        gate.open();
        t.join();
        announce("waiter passed: " + waiter.passed());
    }
}

class Waiter implements Runnable {
    private final Gate gate;
    private volatile boolean passed;

    Waiter(Gate gate) {
        this.gate = gate;
    }

    boolean passed() {
        return passed;
    }

    public void run() {
        try {
            gate.pass();
            passed = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

class Gate {
    private final java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);

    void open() {
        latch.countDown();
    }

    void pass() throws InterruptedException {
        latch.await();
    }
}
