// Four threads count words into one ConcurrentHashMap with merge, which updates atomically; a
// plain HashMap could lose counts. forEach with a huge parallelism threshold runs in the caller.
// Modelled on Baeldung's "A Guide to ConcurrentHashMap in Java" (merge, forEach).
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

public class WordCountMerge {
    public static void main(String[] args) throws InterruptedException {
        String[] lines = {
            "to be or not to be",
            "that is the question",
            "to sleep perchance to dream",
            "ay there is the rub"
        };
        ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();
        Thread[] threads = new Thread[lines.length];
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            threads[i] = new Thread(() -> {
                for (int repeat = 0; repeat < 1000; repeat++) {
                    for (String word : line.split(" ")) {
                        counts.merge(word, 1, Integer::sum);
                    }
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Map<String, Integer> sorted = new TreeMap<>(counts);
        System.out.println(sorted);
        StringBuilder callers = new StringBuilder();
        counts.forEach(Long.MAX_VALUE, (word, n) -> {
            if (word.equals("to")) {
                callers.append("forEach ran \"to\" on ").append(Thread.currentThread().getName());
            }
        });
        System.out.println(callers);
        System.out.println("Total words: " + counts.reduceValues(Long.MAX_VALUE, Integer::sum));
    }
}
