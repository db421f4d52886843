// Two threads take turns through wait and notify on one monitor, so "ping" and "pong" strictly
// alternate. Modelled on the classic ping-pong exercise of the Java Tutorials' guarded blocks.
public class PingPong {
    public static void main(String[] args) throws InterruptedException {
        Table table = new Table();
        Thread ping = new Thread(() -> table.play("ping", true), "Ping");
        Thread pong = new Thread(() -> table.play("pong", false), "Pong");
        pong.start();
        ping.start();
        ping.join();
        pong.join();
        System.out.println("Game over");
    }
}

class Table {
    private boolean pingsTurn = true;

    synchronized void play(String word, boolean isPing) {
        for (int i = 1; i <= 3; i++) {
            while (pingsTurn != isPing) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.out.println(Thread.currentThread().getName() + ": " + word + " " + i);
            pingsTurn = !isPing;
            notifyAll();
        }
    }
}
