// A worker loops until another thread clears a volatile flag; without volatile it might never see
// the change. Modelled on the cancellation-by-flag example of Java Concurrency in Practice (7.1)
// and Jenkov's volatile tutorial.
public class VolatileStopFlag {
    public static void main(String[] args) throws InterruptedException {
        Spinner spinner = new Spinner();
        Thread worker = new Thread(spinner);
        worker.start();
        Thread.sleep(200);
        spinner.stop();
        worker.join(5000);
        System.out.println("Worker stopped: " + !worker.isAlive());
        System.out.println("Worker did some work: " + (spinner.iterations() > 0));
    }
}

class Spinner implements Runnable {
    private volatile boolean running = true;
    private long iterations;

    void stop() {
        running = false;
    }

    long iterations() {
        return iterations;
    }

    public void run() {
        while (running) {
            iterations++;
        }
        System.out.println(Thread.currentThread().getName() + " saw the flag cleared");
    }
}
