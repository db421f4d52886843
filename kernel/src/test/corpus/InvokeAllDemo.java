// An ExecutorService runs a list of Callables with invokeAll; the futures come back in the order of
// the tasks, whatever order they ran in. Modelled on Baeldung's "A Guide to the Java ExecutorService".
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

public class InvokeAllDemo {
    public static void main(String[] args) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(3);
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            tasks.add(() -> {
                Thread.sleep(10L * (6 - n));  // later tasks finish first
                return "Task " + n + ": " + n + " squared is " + n * n;
            });
        }
        for (Future<String> future : executor.invokeAll(tasks)) {
            System.out.println(future.get());
        }
        String any = executor.invokeAny(List.of(() -> "invokeAny returned one result"));
        System.out.println(any);
        executor.shutdown();
        System.out.println("Terminated: " + executor.awaitTermination(5, TimeUnit.SECONDS));
    }
}
