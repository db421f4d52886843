// Many tutorial programs end main with System.exit(0) after their pool is shut down; the exit
// status is 0 and nothing more is printed. Modelled on the common ending of ExecutorService
// examples (e.g. Jenkov's, tutorialspoint's) that call System.exit(0).
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class ExitZero {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<String> result = pool.submit(new Job("report"));
        System.out.println(result.get());
        pool.shutdown();
        System.out.println("done, exiting with status 0");
        System.exit(0);
    }
}

class Job implements java.util.concurrent.Callable<String> {
    private final String name;

    Job(String name) {
        this.name = name;
    }

    public String call() {
        return "job " + name + " ran on a pool thread: " + !Thread.currentThread().getName().equals("main");
    }
}
