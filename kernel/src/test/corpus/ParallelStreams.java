// A parallel stream gives the same result as a sequential one; forEachOrdered keeps the order and
// collect keeps the encounter order. The caller (main) runs the terminal operation.
// Modelled on the Java Tutorials' "Parallelism" lesson (aggregate operations).
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

public class ParallelStreams {
    public static void main(String[] args) {
        long sequential = LongStream.rangeClosed(1, 2_000_000).sum();
        long parallel = LongStream.rangeClosed(1, 2_000_000).parallel().sum();
        System.out.println("Sequential sum " + sequential + ", parallel sum " + parallel);
        List<Integer> squares = IntStream.rangeClosed(1, 10).parallel().map(n -> n * n).boxed().collect(Collectors.toList());
        System.out.println("Squares in encounter order: " + squares);
        StringBuilder ordered = new StringBuilder();
        IntStream.rangeClosed(1, 10).parallel().forEachOrdered(n -> ordered.append(n).append(' '));
        System.out.println("forEachOrdered: " + ordered.toString().trim());
        String sequentialThreads = IntStream.range(0, 3).mapToObj(n -> Thread.currentThread().getName()).distinct().collect(Collectors.joining(","));
        System.out.println("A sequential stream runs on: " + sequentialThreads);
        System.out.println("Common pool parallelism is positive: " + (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() > 0));
    }
}
