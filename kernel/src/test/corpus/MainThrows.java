// An exception escapes main: java prints "Exception in thread "main" ..." with the stack trace
// and exits with status 1; what main printed before stays. Modelled on the Java Tutorials'
// "Exceptions" lesson (an uncaught exception ends the program).
import java.util.List;

public class MainThrows {
    public static void main(String[] args) {
        List<String> queue = List.of("first", "second");
        for (String job : queue) {
            System.out.println("processing " + job);
        }
        throw new IllegalStateException("no more work in the queue");
    }
}
