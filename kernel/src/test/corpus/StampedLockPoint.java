// A point guarded by a StampedLock: writers take the write lock, readers try an optimistic read
// and fall back to a read lock when a write intervened. Modelled on the Point example of the
// JDK's java.util.concurrent.locks.StampedLock documentation.
import java.util.concurrent.locks.StampedLock;

public class StampedLockPoint {
    public static void main(String[] args) throws InterruptedException {
        Point point = new Point();
        Thread mover = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                point.move(3, 4);
            }
        });
        mover.start();
        mover.join();
        System.out.println("Distance from origin: " + point.distanceFromOrigin());
        point.moveIfAtOrigin(1, 1);
        System.out.println("Distance after moveIfAtOrigin: " + point.distanceFromOrigin());
        Point origin = new Point();
        origin.moveIfAtOrigin(6, 8);
        System.out.println("A point at the origin moved to distance " + origin.distanceFromOrigin());
    }
}

class Point {
    private double x, y;
    private final StampedLock sl = new StampedLock();

    void move(double deltaX, double deltaY) {
        long stamp = sl.writeLock();
        try {
            x += deltaX;
            y += deltaY;
        } finally {
            sl.unlockWrite(stamp);
        }
    }

    double distanceFromOrigin() {
        long stamp = sl.tryOptimisticRead();
        double currentX = x, currentY = y;
        if (!sl.validate(stamp)) {
            stamp = sl.readLock();
            try {
                currentX = x;
                currentY = y;
            } finally {
                sl.unlockRead(stamp);
            }
        }
        return Math.hypot(currentX, currentY);
    }

    void moveIfAtOrigin(double newX, double newY) {
        long stamp = sl.readLock();
        try {
            while (x == 0.0 && y == 0.0) {
                long ws = sl.tryConvertToWriteLock(stamp);
                if (ws != 0L) {
                    stamp = ws;
                    x = newX;
                    y = newY;
                    break;
                }
                sl.unlockRead(stamp);
                stamp = sl.writeLock();
            }
        } finally {
            sl.unlock(stamp);
        }
    }
}
