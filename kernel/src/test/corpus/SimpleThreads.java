// The main thread starts a worker that prints four messages, waits for it with join and says so;
// every line names the thread that printed it. Modelled on the Java Tutorials' SimpleThreads example.
public class SimpleThreads {

    // Prints a message prefixed by the name of the thread that calls it.
    static void threadMessage(String message) {
        String threadName = Thread.currentThread().getName();
        System.out.format("%s: %s%n", threadName, message);
    }

    private static class MessageLoop implements Runnable {
        public void run() {
            String[] importantInfo = {
                "Mares eat oats",
                "Does eat oats",
                "Little lambs eat ivy",
                "A kid will eat ivy too"
            };
            try {
                for (String info : importantInfo) {
                    // The pause lets main print its "Waiting" line before the first message.
                    Thread.sleep(200);
                    threadMessage(info);
                }
            } catch (InterruptedException e) {
                threadMessage("I wasn't done!");
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        threadMessage("Starting MessageLoop thread");
        Thread t = new Thread(new MessageLoop());
        t.start();
        threadMessage("Waiting for MessageLoop thread to finish");
        t.join(5000);
        threadMessage(t.isAlive() ? "Gave up waiting" : "Finally!");
    }
}
