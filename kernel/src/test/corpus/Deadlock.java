// corpus: unordered
// Two friends bow to each other at once and each waits for the other's bow back: a deadlock. Main
// finds it with ThreadMXBean, prints the threads involved, and ends the program with System.exit(0)
// because nothing else can end deadlocked threads. Modelled on the Java Tutorials' Deadlock example.
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.CyclicBarrier;

public class Deadlock {
    public static void main(String[] args) throws Exception {
        // The barrier makes both bows start before either bows back, so the deadlock always happens.
        CyclicBarrier bothBowing = new CyclicBarrier(2);
        Friend alphonse = new Friend("Alphonse", bothBowing);
        Friend gaston = new Friend("Gaston", bothBowing);
        new Thread(() -> alphonse.bow(gaston)).start();
        new Thread(() -> gaston.bow(alphonse)).start();

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] stuck = null;
        for (int i = 0; i < 100 && stuck == null; i++) {
            Thread.sleep(50);
            stuck = threads.findDeadlockedThreads();
        }
        if (stuck == null) {
            System.out.println("no deadlock found");
            System.exit(1);
        }
        String[] names = Arrays.stream(threads.getThreadInfo(stuck)).map(info -> info.getThreadName()).sorted().toArray(String[]::new);
        System.out.println("Deadlocked: " + String.join(", ", names));
        System.exit(0);
    }
}

class Friend {
    private final String name;
    private final CyclicBarrier bothBowing;

    Friend(String name, CyclicBarrier bothBowing) {
        this.name = name;
        this.bothBowing = bothBowing;
    }

    String getName() {
        return name;
    }

    synchronized void bow(Friend bower) {
        System.out.format("%s: %s has bowed to me!%n", name, bower.getName());
        try {
            bothBowing.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        bower.bowBack(this);
    }

    synchronized void bowBack(Friend bower) {
        System.out.format("%s: %s has bowed back to me!%n", name, bower.getName());
    }
}
