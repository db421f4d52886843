package dev.conclab.runtime.timeline;

import java.util.ArrayList;
import java.util.List;

/** One row of the timeline: a thread or a child process, and what it did when. */
final class Lane {
    /** A stretch of time, in milliseconds since the timeline started, spent on one activity. */
    record Segment(double fromMillis, double toMillis, Activity activity) {}

    /** A pool task this lane's worker ran, drawn as a labelled box over the activity. */
    record Mark(double fromMillis, double toMillis, String label) {}

    /** A wait Flight Recorder saw, drawn as a strip under the lane's activity, however short. */
    record Wait(double fromMillis, double toMillis, String label) {}

    private String name;
    private final List<Wait> waits = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();

    Lane(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** A child's name is known only once it has started its JVM; until then it shows its command. */
    void rename(String name) {
        this.name = name;
    }

    List<Segment> segments() {
        return segments;
    }

    List<Mark> marks() {
        return marks;
    }

    List<Wait> waits() {
        return waits;
    }

    void waited(Wait wait) {
        waits.add(wait);
    }

    void mark(Mark mark) {
        marks.add(mark);
    }

    /** Records that at {@code atMillis} the lane was doing {@code activity}, since its last sample. */
    void sample(double atMillis, Activity activity) {
        if (!segments.isEmpty()) {
            Segment last = segments.get(segments.size() - 1);
            if (last.activity() == activity) {
                segments.set(segments.size() - 1, new Segment(last.fromMillis(), atMillis, activity));
                return;
            }
            segments.set(segments.size() - 1, new Segment(last.fromMillis(), atMillis, last.activity()));
        }
        segments.add(new Segment(atMillis, atMillis, activity));
    }

    double start() {
        return segments.isEmpty() ? 0 : segments.get(0).fromMillis();
    }

    double end() {
        return segments.isEmpty() ? 0 : segments.get(segments.size() - 1).toMillis();
    }
}
