// One thread waits in a guarded block (while (!joy) wait()) until another sets the condition and
// calls notifyAll. Modelled on the Java Tutorials' guarded blocks guardedJoy/notifyJoy.
public class GuardedJoy {
    public static void main(String[] args) throws InterruptedException {
        Joy joy = new Joy();
        Thread waiter = new Thread(joy::guardedJoy);
        waiter.start();
        Thread.sleep(200);
        System.out.println("main: achieving joy");
        joy.notifyJoy();
        waiter.join();
    }
}

class Joy {
    private boolean joy = false;

    synchronized void guardedJoy() {
        // Loop, because a wakeup does not promise that the condition holds.
        while (!joy) {
            try {
                wait();
            } catch (InterruptedException e) {
                return;
            }
        }
        System.out.println("Joy and efficiency have been achieved!");
    }

    synchronized void notifyJoy() {
        joy = true;
        notifyAll();
    }
}
