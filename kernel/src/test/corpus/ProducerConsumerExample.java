// A producer hands messages to a consumer through a one-slot Drop guarded with wait and notifyAll.
// Modelled on the Java Tutorials' guarded blocks ProducerConsumerExample (Drop, Producer, Consumer).
public class ProducerConsumerExample {
    public static void main(String[] args) throws InterruptedException {
        Drop drop = new Drop();
        Thread producer = new Thread(new Producer(drop));
        Thread consumer = new Thread(new Consumer(drop));
        producer.start();
        consumer.start();
        producer.join();
        consumer.join();
    }
}

class Drop {
    private String message;
    // True while the consumer must wait for the producer, false while the producer must wait.
    private boolean empty = true;

    synchronized String take() throws InterruptedException {
        while (empty) {
            wait();
        }
        empty = true;
        notifyAll();
        return message;
    }

    synchronized void put(String message) throws InterruptedException {
        while (!empty) {
            wait();
        }
        empty = false;
        this.message = message;
        notifyAll();
    }
}

class Producer implements Runnable {
    private final Drop drop;

    Producer(Drop drop) {
        this.drop = drop;
    }

    public void run() {
        String[] importantInfo = {"Mares eat oats", "Does eat oats", "Little lambs eat ivy", "A kid will eat ivy too"};
        try {
            for (String info : importantInfo) {
                drop.put(info);
            }
            drop.put("DONE");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

class Consumer implements Runnable {
    private final Drop drop;

    Consumer(Drop drop) {
        this.drop = drop;
    }

    public void run() {
        try {
            for (String message = drop.take(); !message.equals("DONE"); message = drop.take()) {
                System.out.format("MESSAGE RECEIVED: %s%n", message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
