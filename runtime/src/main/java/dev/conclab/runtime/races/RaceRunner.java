package dev.conclab.runtime.races;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a race the way jcstress does: one long-lived thread per actor, handed batches of fresh states;
 * within a batch the actors of each run meet at a spin barrier, so they start within nanoseconds of
 * each other rather than a thread start-up apart. The costly hand-over happens once per batch.
 */
final class RaceRunner<S> {
    private static final int FIRST_BATCH = 64;
    private static final int MAX_BATCH = 1 << 16;
    /** A batch is made bigger until it takes about this long, so hand-overs cost little. */
    private static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long POLL_MILLIS = 20;

    record Counts(Map<String, Long> outcomes, long runs, Duration elapsed) {}

    /**
     * One batch: the states, the barrier counter, who has finished, and the run at which the actors
     * stop early when the budget is spent (runs of a slow race, like one whose actor gives up after
     * a timeout, would otherwise overrun it by a whole batch).
     */
    private record Batch<S>(Object[] states, AtomicInteger arrived, CountDownLatch done, AtomicInteger stopAt) {}

    private static final Batch<?> END = new Batch<>(new Object[0], new AtomicInteger(), new CountDownLatch(0),
            new AtomicInteger());

    private final Supplier<? extends S> state;
    private final List<Consumer<? super S>> actors;
    private final Function<? super S, ?> arbiter;
    private final Duration stuckAfter;

    RaceRunner(Supplier<? extends S> state, List<Consumer<? super S>> actors, Function<? super S, ?> arbiter,
               Duration stuckAfter) {
        this.state = state;
        this.actors = actors;
        this.arbiter = arbiter;
        this.stuckAfter = stuckAfter;
    }

    Counts run(Duration budget) {
        int n = actors.size();
        List<BlockingQueue<Batch<?>>> inboxes = new ArrayList<>();
        // How many runs each actor has finished in the current batch, to tell a slow actor from a stuck one.
        AtomicLongArray progress = new AtomicLongArray(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            BlockingQueue<Batch<?>> inbox = new ArrayBlockingQueue<>(1);
            inboxes.add(inbox);
            Thread worker = new Thread(new Worker<>(a, actors.get(a), n, inbox, progress, failure), "race-actor-" + (a + 1));
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        Map<String, long[]> outcomes = new LinkedHashMap<>();
        long runs = 0;
        long start = System.nanoTime();
        long end = start + budget.toNanos();
        int size = FIRST_BATCH;
        boolean stuck = false;
        Batch<S> batch = null;
        try {
            do {
                Object[] states = new Object[size];
                for (int i = 0; i < size; i++) {
                    states[i] = state.get();
                }
                batch = new Batch<>(states, new AtomicInteger(), new CountDownLatch(n), new AtomicInteger(size));
                for (int a = 0; a < n; a++) {
                    progress.set(a, 0);
                    inboxes.get(a).put(batch);
                }
                long batchStart = System.nanoTime();
                stuck = !awaitBatch(batch, progress, end);
                if (stuck) {
                    break;
                }
                if (failure.get() != null) {
                    break;
                }
                long batchNanos = System.nanoTime() - batchStart;
                // Only the runs that every actor finished count; a batch cut short leaves some half done.
                int finished = size;
                for (int a = 0; a < n; a++) {
                    finished = (int) Math.min(finished, progress.get(a));
                }
                for (int i = 0; i < finished; i++) {
                    @SuppressWarnings("unchecked") S typed = (S) states[i];
                    outcomes.computeIfAbsent(String.valueOf(arbiter.apply(typed)), k -> new long[1])[0]++;
                }
                runs += finished;
                if (batchNanos < BATCH_NANOS && size < MAX_BATCH) {
                    size *= 2;
                }
            } while (System.nanoTime() < end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (batch != null) {
                // Stopped early (the cell was stopped): the actors leave the batch at their next run.
                batch.stopAt().set(0);
            }
            // A stuck worker cannot take the END; it is a daemon and ends when its actor returns.
            for (BlockingQueue<Batch<?>> inbox : inboxes) {
                inbox.offer(END);
            }
        }
        if (stuck) {
            throw new IllegalStateException("an actor has not returned from one run for " + stuckAfter.toMillis()
                    + " ms, so the race stopped after " + runs + " runs. A loop that waits for another actor"
                    + " must give up by itself: use BoundedSpin.until(() -> s.flag, Duration.ofMillis(10)) and"
                    + " report Race.STUCK. (Its thread spins on until the loop ends; restart the kernel if it never does.)");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("an actor threw " + failure.get() + "; the race stopped", failure.get());
        }
        Map<String, Long> counted = new LinkedHashMap<>();
        outcomes.forEach((outcome, count) -> counted.put(outcome, count[0]));
        return new Counts(counted, runs, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Waits for the batch; false if some actor made no progress for {@code stuckAfter}. */
    private boolean awaitBatch(Batch<S> batch, AtomicLongArray progress, long end) throws InterruptedException {
        long[] seen = new long[progress.length()];
        long lastChange = System.nanoTime();
        while (!batch.done().await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() - end > 0) {
                batch.stopAt().set(0);
            }
            boolean moved = false;
            for (int a = 0; a < seen.length; a++) {
                long now = progress.get(a);
                moved |= now != seen[a];
                seen[a] = now;
            }
            if (moved) {
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > stuckAfter.toNanos()) {
                batch.stopAt().set(0);
                return false;
            }
        }
        return true;
    }

    /** One actor's thread: takes batches until END, runs its actor once per state. */
    private record Worker<S>(int index, Consumer<? super S> actor, int actors, BlockingQueue<Batch<?>> inbox,
                             AtomicLongArray progress, AtomicReference<Throwable> failure) implements Runnable {
        @Override
        public void run() {
            try {
                for (Batch<?> batch = inbox.take(); batch != END; batch = inbox.take()) {
                    runBatch(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @SuppressWarnings("unchecked")
        private void runBatch(Batch<?> batch) {
            Object[] states = batch.states();
            AtomicInteger arrived = batch.arrived();
            AtomicInteger stopAt = batch.stopAt();
            try {
                for (int i = 0; i < states.length; i++) {
                    if (i >= stopAt.get()) {
                        // The others may wait for this actor at the barrier: arrive for every run left.
                        arrived.addAndGet(states.length * actors);
                        break;
                    }
                    // A reusable barrier: run i starts when all actors have arrived (i + 1) times.
                    int target = (i + 1) * actors;
                    if (arrived.incrementAndGet() < target) {
                        // stopAt ends the wait too: an actor stuck in its run never arrives.
                        for (int spins = 0; arrived.get() < target && i < stopAt.get(); spins++) {
                            // More actors than free cores (a busy machine puts both on one core): after
                            // about 10 us, let the others get to the barrier rather than spin out the slice.
                            if ((spins & 0xFF) == 0xFF) {
                                Thread.yield();
                            } else {
                                Thread.onSpinWait();
                            }
                        }
                    }
                    // The actor that cut the batch short may have let this one through: check again.
                    if (i >= stopAt.get()) {
                        arrived.addAndGet(states.length * actors);
                        break;
                    }
                    actor.accept((S) states[i]);
                    progress.lazySet(index, i + 1);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                // The others wait at the barrier for this actor: stop them, and arrive for every run left.
                stopAt.set(0);
                arrived.addAndGet(states.length * actors);
            } finally {
                batch.done().countDown();
            }
        }
    }
}
