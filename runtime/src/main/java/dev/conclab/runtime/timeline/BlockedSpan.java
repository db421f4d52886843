package dev.conclab.runtime.timeline;

import java.time.Instant;

/**
 * A stretch of time one thread spent blocked or waiting, as the JDK's Flight Recorder saw it.
 *
 * @param threadId the Java id of the thread that waited
 * @param thread its name
 * @param kind how it waited
 * @param lock the class of the lock or of the object it waited on ({@code "?"} when the JDK did not say)
 * @param holder who held the monitor or lock, or who notified the waiter; {@code null} when nobody saw
 *     (a {@code java.util.concurrent} lock's owner is looked up while the park lasts, which a park of
 *     less than ~1 ms can escape; a park on a condition or a latch has no owner)
 * @param start when the wait began
 * @param nanos how long it lasted
 */
public record BlockedSpan(long threadId, String thread, Kind kind, String lock, String holder, Instant start, long nanos) {

    /** The JFR event a span came from. */
    public enum Kind {
        MONITOR_ENTER("blocked entering synchronized on"),
        MONITOR_WAIT("in wait() on"),
        PARK("parked on"),
        PINNED("virtual thread pinned to its carrier in");

        private final String verb;

        Kind(String verb) {
            this.verb = verb;
        }

        public String verb() {
            return verb;
        }
    }

    public double millis() {
        return nanos / 1e6;
    }

    /** "T2 blocked entering synchronized on java.lang.Object held by T1, 20.1 ms". */
    public String describe() {
        String who = holder == null ? "" : kind == Kind.MONITOR_WAIT ? ", notified by " + holder : " held by " + holder;
        if (holder == null && kind == Kind.PARK) {
            who = " (owner not seen)";
        }
        return String.format(java.util.Locale.ROOT, "%s %s %s%s, %.2f ms", thread, kind.verb(), lock, who, millis());
    }
}
