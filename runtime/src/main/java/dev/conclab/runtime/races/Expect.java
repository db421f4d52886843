package dev.conclab.runtime.races;

/** What the user says about an outcome of a {@link Race}, as jcstress labels its outcomes. */
public enum Expect {
    /** Allowed and unremarkable: the outcome of some order of the actors. */
    ACCEPTABLE,
    /** Allowed, but the point of the experiment: a race, a reordering, a stale read. */
    INTERESTING,
    /** Must never happen; {@link RaceResult#assertNone} fails if it did. */
    FORBIDDEN
}
