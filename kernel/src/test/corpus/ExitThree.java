// A program reports a failure on stderr and ends with System.exit(3): the exit status tells the
// caller what went wrong. Modelled on the command-line conventions of the Java Tutorials'
// "Command-Line Arguments" / System.exit usage.
public class ExitThree {
    public static void main(String[] args) throws InterruptedException {
        Checker checker = new Checker();
        Thread t = new Thread(checker);
        t.start();
        t.join();
        if (!checker.passed) {
            System.err.println("check failed: " + checker.problem);
            System.exit(3);
        }
        System.out.println("never printed");
    }
}

class Checker implements Runnable {
    volatile boolean passed;
    volatile String problem;

    public void run() {
        problem = "2 of 5 orders have no customer";
        passed = false;
    }
}
