package dev.conclab.runtime.timeline;

import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * Committed when a {@link Contention} recording stops, on JDK 17-19 where the stream cannot be
 * stopped with a final flush: a flush writes every thread's events, so once this event has come
 * back through the stream, so have all waits that ended before the stop.
 */
@Name("dev.conclab.ContentionEnd")
@Label("Concurrency Lab contention recording ends")
final class EndMark extends Event {
    @Label("Recording")
    int recording;
}
