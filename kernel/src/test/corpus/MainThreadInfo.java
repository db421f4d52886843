// The thread that runs main is named "main" in the thread group "main"; threads it creates are
// numbered from Thread-0, belong to its group and print as Thread[Thread-0,5,main].
// Modelled on the Java Tutorials' "Defining and Starting a Thread" (HelloRunnable) and Jenkov's
// "Creating and Starting Java Threads" (printing Thread.currentThread().getName()).
public class MainThreadInfo {
    public static void main(String[] args) throws InterruptedException {
        Thread me = Thread.currentThread();
        System.out.println("Hello from " + me.getName() + " / " + me.getThreadGroup().getName());
        System.out.println(me);
        System.out.println("priority " + me.getPriority() + ", daemon " + me.isDaemon());
        Thread first = new Thread(() -> System.out.println("Hello from a thread! I am " + Thread.currentThread().getName()));
        Thread second = new Thread(() -> { });
        System.out.println(first);
        System.out.println(second.getName() + " is in group " + second.getThreadGroup().getName());
        first.start();
        first.join();
        System.out.println("parent of main's group: " + me.getThreadGroup().getParent().getName());
    }
}
