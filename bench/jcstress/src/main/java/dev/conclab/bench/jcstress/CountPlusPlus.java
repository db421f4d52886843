package dev.conclab.bench.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/** The count++ race of notebook 08 and bench/race_bench.py: the same two actors and arbiter, in jcstress. */
@JCStressTest
@Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments landed")
@Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "both read 0: one update lost")
@State
public class CountPlusPlus {
    int count;

    @Actor
    public void actor1() {
        count++;
    }

    @Actor
    public void actor2() {
        count++;
    }

    @Arbiter
    public void arbiter(I_Result result) {
        result.r1 = count;
    }
}
