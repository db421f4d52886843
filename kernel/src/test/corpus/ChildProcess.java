// A ProcessBuilder starts a child process, main reads its output and waits for its exit status;
// stderr is merged into stdout. Modelled on Baeldung's "Guide to java.lang.ProcessBuilder API".
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.TimeUnit;

public class ChildProcess {
    public static void main(String[] args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "echo child says hello; echo child warns >&2; exit 7");
        builder.redirectErrorStream(true);
        Process child = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            out.lines().forEach(line -> System.out.println("from child: " + line));
        }
        boolean ended = child.waitFor(5, TimeUnit.SECONDS);
        System.out.println("child ended: " + ended + ", exit value " + child.exitValue());
        System.out.println("child is alive: " + child.isAlive() + ", it had its own pid: " + (child.pid() != ProcessHandle.current().pid()));
    }
}
