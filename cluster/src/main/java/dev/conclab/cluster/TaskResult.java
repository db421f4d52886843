package dev.conclab.cluster;

import java.io.Serializable;

/**
 * What a {@link ShippedTask} did on its member: its value or what it threw, how many lines it
 * printed (the client waits for them before it gives the result), and how long it ran.
 */
record TaskResult(Object value, Throwable failure, int lines, long nanos) implements Serializable {}
