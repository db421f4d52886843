// A three-stage pipeline: a reader thread, a transformer thread and a printer thread connected by
// BlockingQueues, ended by a poison pill. Modelled on the producer-consumer pipelines of Java
// Concurrency in Practice (5.3) and the BlockingQueue documentation's usage example.
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

public class BlockingQueuePipeline {
    public static void main(String[] args) throws InterruptedException {
        BlockingQueue<String> words = new ArrayBlockingQueue<>(2);
        BlockingQueue<String> shouted = new LinkedBlockingQueue<>();
        Thread reader = new Thread(new Stage(null, words, s -> s), "reader");
        Thread shouter = new Thread(new Stage(words, shouted, String::toUpperCase), "shouter");
        Thread printer = new Thread(() -> {
            try {
                for (String s = shouted.take(); !s.equals(Stage.POISON); s = shouted.take()) {
                    System.out.println(Thread.currentThread().getName() + " got " + s);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "printer");
        printer.start();
        shouter.start();
        reader.start();
        for (Thread t : new Thread[] {reader, shouter, printer}) {
            t.join();
        }
        System.out.println("Pipeline drained");
    }
}

class Stage implements Runnable {
    static final String POISON = "<end>";
    private static final String[] TEXT = {"the", "quick", "brown", "fox", "jumps"};
    private final BlockingQueue<String> in;
    private final BlockingQueue<String> out;
    private final java.util.function.UnaryOperator<String> step;

    // A stage without an input queue is the source: it reads TEXT.
    Stage(BlockingQueue<String> in, BlockingQueue<String> out, java.util.function.UnaryOperator<String> step) {
        this.in = in;
        this.out = out;
        this.step = step;
    }

    public void run() {
        try {
            if (in == null) {
                for (String word : TEXT) {
                    out.put(step.apply(word));
                }
            } else {
                for (String s = in.take(); !s.equals(POISON); s = in.take()) {
                    out.put(step.apply(s));
                }
            }
            out.put(POISON);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
