package dev.conclab.runtime.internal.cluster;

/**
 * What a task did on {@code member}: returned {@code value}, or threw {@code failure} (then
 * {@code value} is null); {@code startNanos}/{@code endNanos} are on this JVM's clock, for the timeline.
 */
public record TaskOutcome(String member, Object value, Throwable failure, long startNanos, long endNanos) {}
