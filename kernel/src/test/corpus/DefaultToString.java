// What java prints for objects of the program's own classes: the default toString is the class
// name and an identity hash code, a record lists its components, getClass().getName() is the name
// written, and a custom exception prints its own name. Modelled on the Java Tutorials' "Object as a
// Superclass" (toString) and "Record Classes" lessons.
public class DefaultToString {
    public static void main(String[] args) {
        Task task = new Task();
        System.out.println(task);
        System.out.println(task.getClass().getName() + " / " + task.getClass().getSimpleName());
        System.out.println(new Result("sum", 42));
        System.out.println(Result.class.getName());
        System.out.println(new TaskFailed("task 7 timed out"));
        System.out.println("Runnable implemented by " + Task.class.getName());
        try {
            throw new TaskFailed("rethrown");
        } catch (TaskFailed e) {
            System.out.println("caught " + e);
        }
    }
}

class Task implements Runnable {
    public void run() {
    }
}

record Result(String name, int value) {
}

class TaskFailed extends Exception {
    TaskFailed(String message) {
        super(message);
    }
}
