package dev.conclab.runtime.processes;

import java.io.Serializable;

/** What a child process hands back to its parent. */
sealed interface Outcome extends Serializable {

    /** The task returned {@code value}. */
    record Returned(Object value) implements Outcome {}

    /** The task threw; {@code stackTrace} is the child's, as text. */
    record Threw(String description, String stackTrace) implements Outcome {}
}
