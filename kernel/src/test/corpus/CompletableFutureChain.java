// A CompletableFuture pipeline: supplyAsync, thenApply, thenCombine, thenCompose, and a failed
// stage recovered with exceptionally. Modelled on Baeldung's "Guide to CompletableFuture".
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

public class CompletableFutureChain {
    public static void main(String[] args) throws Exception {
        CompletableFuture<String> hello = CompletableFuture.supplyAsync(() -> "Hello");
        CompletableFuture<String> greeting = hello
                .thenApply(s -> s + " Beautiful")
                .thenCombine(CompletableFuture.supplyAsync(() -> "World"), (a, b) -> a + " " + b)
                .thenCompose(s -> CompletableFuture.supplyAsync(() -> s + "!"));
        System.out.println(greeting.get(5, TimeUnit.SECONDS));

        CompletableFuture<Integer> failed = CompletableFuture.supplyAsync(() -> {
            throw new IllegalArgumentException("negative input");
        });
        int recovered = failed.exceptionally(e -> {
            System.out.println("Recovered from " + e);
            return 0;
        }).get(5, TimeUnit.SECONDS);
        System.out.println("Recovered value: " + recovered);

        String handled = CompletableFuture.supplyAsync(() -> 21)
                .thenApply(n -> n * 2)
                .handle((n, e) -> e == null ? "Answer: " + n : "Failed: " + e)
                .join();
        System.out.println(handled);

        try {
            failed.join();
        } catch (java.util.concurrent.CompletionException e) {
            System.out.println("join threw " + e.getClass().getSimpleName() + " caused by " + e.getCause());
        }
    }
}
