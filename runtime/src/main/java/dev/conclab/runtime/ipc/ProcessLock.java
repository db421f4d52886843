package dev.conclab.runtime.ipc;

import dev.conclab.runtime.threads.Task;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock that holds across processes, like Python's {@code multiprocessing.Lock}: an operating-system
 * file lock, plus a lock for the threads of one JVM (a file lock is held by a whole process).
 */
public final class ProcessLock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String file;
    private transient ReentrantLock threads;
    private transient FileChannel channel;
    private transient FileLock held;

    private ProcessLock(String file) {
        this.file = file;
    }

    /** A new, unlocked lock. */
    public static ProcessLock create() {
        try {
            Path file = Files.createTempFile("conclab-lock-", ".lock");
            file.toFile().deleteOnExit();
            return new ProcessLock(file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a process lock", e);
        }
    }

    /** Waits until this thread holds the lock, against every thread of every process. */
    public void lock() {
        ReentrantLock local = threads();
        local.lock();
        if (local.getHoldCount() > 1) {
            return;
        }
        try {
            held = channel().lock();
        } catch (IOException e) {
            local.unlock();
            throw new UncheckedIOException("cannot take the process lock " + file, e);
        }
    }

    public void unlock() {
        ReentrantLock local = threads();
        if (local.getHoldCount() == 1) {
            try {
                held.release();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release the process lock " + file, e);
            } finally {
                held = null;
                local.unlock();
            }
        } else {
            local.unlock();
        }
    }

    /** Runs {@code body} holding the lock, like Python's {@code with lock:}. */
    public void locked(Task body) throws Exception {
        lock();
        try {
            body.run();
        } finally {
            unlock();
        }
    }

    private synchronized ReentrantLock threads() {
        if (threads == null) {
            threads = new ReentrantLock();
        }
        return threads;
    }

    private synchronized FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(Path.of(file), StandardOpenOption.WRITE);
        }
        return channel;
    }
}
