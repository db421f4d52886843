// A RecursiveTask splits a sum over an array until the pieces are small, in the fork/join style
// of the Java Tutorials' ForkBlur example (compute directly below a threshold, else split in two).
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

public class ForkJoinSum {
    public static void main(String[] args) {
        long[] numbers = new long[1_000_000];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = i + 1;
        }
        ForkJoinPool pool = new ForkJoinPool(4);
        long sum = pool.invoke(new SumTask(numbers, 0, numbers.length));
        pool.shutdown();
        System.out.println("Sum of 1.." + numbers.length + " = " + sum);
        System.out.println("Pieces computed directly: " + SumTask.directPieces());
    }
}

class SumTask extends RecursiveTask<Long> {
    static final int THRESHOLD = 10_000;
    private static final java.util.concurrent.atomic.AtomicInteger pieces = new java.util.concurrent.atomic.AtomicInteger();
    private final long[] numbers;
    private final int from;
    private final int to;

    SumTask(long[] numbers, int from, int to) {
        this.numbers = numbers;
        this.from = from;
        this.to = to;
    }

    static int directPieces() {
        return pieces.get();
    }

    @Override
    protected Long compute() {
        if (to - from <= THRESHOLD) {
            pieces.incrementAndGet();
            long sum = 0;
            for (int i = from; i < to; i++) {
                sum += numbers[i];
            }
            return sum;
        }
        int middle = (from + to) / 2;
        SumTask left = new SumTask(numbers, from, middle);
        left.fork();
        long right = new SumTask(numbers, middle, to).compute();
        return left.join() + right;
    }
}
