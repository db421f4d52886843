package dev.conclab.kernel.debug;

import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.MonitorInfo;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a stopped thread's frames wait for and hold, as ThreadReport says it in a cell: the
 * monitor ({@code synchronized}) each frame holds, and for the top frame the monitor it waits to
 * enter or waits on, or the lock it is parked on ({@code ReentrantLock}, a semaphore...), with the
 * thread that holds it when the lock knows. Read over JDI, no code of the program runs.
 */
final class Locks {
    private static final String OWNABLE = "java.util.concurrent.locks.AbstractOwnableSynchronizer";

    private Locks() {}

    /** A note for each frame index that holds or waits for something, e.g. {@code holds Account (id 12)}. */
    static Map<Integer, String> of(ThreadReference thread) {
        Map<Integer, String> notes = new HashMap<>();
        try {
            if (thread.virtualMachine().canGetMonitorFrameInfo()) {
                for (MonitorInfo monitor : thread.ownedMonitorsAndFrames()) {
                    if (monitor.stackDepth() >= 0) {
                        notes.merge(monitor.stackDepth(), "holds " + Variables.show(monitor.monitor()), (a, b) -> a + ", " + b);
                    }
                }
            }
            String owned = ownedSynchronizers(thread);
            if (owned != null) {
                notes.merge(0, owned, (held, also) -> held + ", " + also);
            }
            String waits = waits(thread);
            if (waits != null) {
                notes.merge(0, waits, (held, waiting) -> waiting + "; " + held);
            }
        } catch (IncompatibleThreadStateException | RuntimeException e) {
            // A thread that went on or ended meanwhile: its frames show without notes.
        }
        return notes;
    }

    private static String waits(ThreadReference thread) throws IncompatibleThreadStateException {
        int status = thread.status();
        if (thread.virtualMachine().canGetCurrentContendedMonitor()) {
            ObjectReference monitor = thread.currentContendedMonitor();
            if (monitor != null) {
                String verb = status == ThreadReference.THREAD_STATUS_MONITOR ? "waits to lock " : "waits (Object.wait) on ";
                return verb + Variables.show(monitor) + heldBy(owner(monitor));
            }
        }
        ObjectReference self = thread;
        Field blockerField = self.referenceType().fieldByName("parkBlocker");
        Value blocker = blockerField == null ? null : self.getValue(blockerField);
        if (blocker instanceof ObjectReference lock) {
            return "parked on " + Variables.show(lock) + heldBy(exclusiveOwner(lock));
        }
        return null;
    }

    /**
     * The {@code java.util.concurrent} locks the thread holds ({@code ReentrantLock}'s and
     * {@code ReentrantReadWriteLock}'s write side), as ThreadReport lists them: which frame took
     * one is not recorded, so the top frame says it. Found among the live instances of the lock
     * classes loaded, only when a stopped thread's stack is asked for.
     */
    private static String ownedSynchronizers(ThreadReference thread) {
        List<String> held = new ArrayList<>();
        for (ReferenceType base : thread.virtualMachine().classesByName(OWNABLE)) {
            if (base instanceof ClassType type) {
                collect(type, thread, held);
            }
        }
        return held.isEmpty() ? null : "holds " + String.join(", ", held);
    }

    private static void collect(ClassType type, ThreadReference thread, List<String> held) {
        Field owner = type.fieldByName("exclusiveOwnerThread");
        if (!type.isAbstract() && owner != null) {
            for (ObjectReference lock : type.instances(0)) {
                if (thread.equals(lock.getValue(owner))) {
                    held.add(Variables.show(lock));
                }
            }
        }
        for (ClassType subclass : type.subclasses()) {
            collect(subclass, thread, held);
        }
    }

    /** The thread that holds a monitor, or null (JDWP may refuse while the holder runs). */
    private static ThreadReference owner(ObjectReference monitor) {
        try {
            return monitor.virtualMachine().canGetMonitorInfo() ? monitor.owningThread() : null;
        } catch (IncompatibleThreadStateException | RuntimeException e) {
            return null;
        }
    }

    /** The thread that holds an {@code AbstractOwnableSynchronizer} (a ReentrantLock's sync), or null. */
    private static ThreadReference exclusiveOwner(ObjectReference lock) {
        Field owner = lock.referenceType().fieldByName("exclusiveOwnerThread");
        if (owner == null) {
            Field sync = lock.referenceType().fieldByName("sync");
            return sync != null && lock.getValue(sync) instanceof ObjectReference inner ? exclusiveOwner(inner) : null;
        }
        return lock.getValue(owner) instanceof ThreadReference holder ? holder : null;
    }

    private static String heldBy(ThreadReference holder) {
        return holder == null ? "" : " held by \"" + holder.name() + "\"";
    }
}
