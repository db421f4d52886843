package dev.conclab.runtime.timeline;

/** What a thread or process was doing during a stretch of the timeline, and its colour there. */
public enum Activity {
    RUNNING("running", "#2e7d32"),
    SLEEPING("sleeping", "#90caf9"),
    WAITING("waiting (join, queue, lock, semaphore)", "#ffb74d"),
    BLOCKED("blocked on a synchronized lock", "#e53935"),
    PROCESS("child process alive", "#7e57c2");

    private final String label;
    private final String colour;

    Activity(String label, String colour) {
        this.label = label;
        this.colour = colour;
    }

    public String label() {
        return label;
    }

    public String colour() {
        return colour;
    }

    /** The activity of a thread in {@code state} whose innermost frame is {@code top} (may be null). */
    static Activity of(Thread.State state, StackTraceElement top) {
        switch (state) {
            case RUNNABLE:
                return RUNNING;
            case BLOCKED:
                return BLOCKED;
            case TIMED_WAITING:
                boolean sleeping = top != null && top.getClassName().equals("java.lang.Thread")
                        && top.getMethodName().startsWith("sleep");
                return sleeping ? SLEEPING : WAITING;
            default:
                return WAITING;
        }
    }
}
