package dev.conclab.runtime.timeline;

import dev.conclab.runtime.internal.cells.NotebookThreads;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * Who held the {@code java.util.concurrent} lock a notebook thread parked on. Flight Recorder's park
 * event names the lock's class but not its owner (unlike a monitor's), and it arrives after the park
 * is over, when the owner may have changed. So while a recording lasts, this looks every
 * {@value #EVERY_MICROS} µs at the notebook's parked threads whose blocker is an ownable synchronizer
 * ({@code ReentrantLock}, a {@code ReentrantReadWriteLock}'s write lock, ...) and notes the owner the
 * JVM reports ({@link ThreadInfo#getLockOwnerName()}); a park event then takes the owner noted during
 * it. A park shorter than the interval may be missed, and then has no owner.
 */
final class ParkOwners {
    static final long EVERY_MICROS = 1000;
    /** A loop that records for minutes keeps the latest sightings; a park's event arrives within seconds. */
    private static final int KEPT = 100_000;
    /** JFR's clock and {@link Instant#now()} may differ by a little; a sighting this close to a park belongs to it. */
    private static final long SLACK_NANOS = 200_000;

    private record Sighting(long waiter, String lockClass, String owner, Instant at) {}

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Deque<Sighting> sightings = new ArrayDeque<>(); // guarded by this
    private final Thread watcher;
    private volatile boolean stopped;

    ParkOwners() {
        // Named conclab-*: Contention leaves it out of what the notebook's threads did.
        watcher = new Thread(this::watch, "conclab-park-owners");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Stops looking and waits for the watcher to end, so that a cell leaves no thread of ours behind. */
    void stop() {
        stopped = true;
        LockSupport.unpark(watcher);
        try {
            watcher.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The owner seen while {@code waiter} was parked on a {@code lockClass} from {@code start} for {@code nanos}, or null. */
    synchronized String ownerDuring(long waiter, String lockClass, Instant start, long nanos) {
        Instant from = start.minusNanos(SLACK_NANOS);
        Instant to = start.plusNanos(nanos + SLACK_NANOS);
        for (var it = sightings.descendingIterator(); it.hasNext(); ) {
            Sighting sighting = it.next();
            if (sighting.at().isBefore(from)) {
                break;
            }
            if (sighting.waiter() == waiter && sighting.lockClass().equals(lockClass) && !sighting.at().isAfter(to)) {
                return sighting.owner();
            }
        }
        return null;
    }

    private void watch() {
        while (!stopped) {
            for (Thread thread : Timeline.liveThreads()) {
                // getBlocker is a field read; only a thread parked on an ownable synchronizer costs a thread dump.
                if (LockSupport.getBlocker(thread) instanceof AbstractOwnableSynchronizer blocker
                        && NotebookThreads.isNotebooks(thread)) {
                    ThreadInfo info = threads.getThreadInfo(thread.getId(), 0);
                    if (info != null && info.getLockOwnerName() != null) {
                        note(new Sighting(thread.getId(), blocker.getClass().getName(), info.getLockOwnerName(), Instant.now()));
                    }
                }
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(EVERY_MICROS));
        }
    }

    private synchronized void note(Sighting sighting) {
        if (sightings.size() == KEPT) {
            sightings.removeFirst();
        }
        sightings.addLast(sighting);
    }
}
