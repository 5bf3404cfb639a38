package dev.crashbench.engine.pager;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link CheckpointDriver}: one daemon thread per opening, started at the first
 * wake (an opening that never commits past the threshold, such as a recovery being judged, never
 * starts one). Woken, it takes steps until there is no work; a step that touches the WAL waits for
 * the writer lock, so it never runs inside a commit's append and sync. Page copies and the database
 * sync run without it, while commits go on.
 *
 * <p>Not for the simulated tier: the thread's timing would decide what a power cut finds. There
 * the explorer drives {@link SteppedCheckpoints}, which takes the same steps on the workload's
 * thread.
 */
final class ThreadCheckpointDriver implements CheckpointDriver {
    /** How long a WAL step waits for the writer lock before it looks whether it was stopped. */
    private static final long WRITER_LOCK_POLL_MILLIS = 10;

    private final BackgroundCheckpointer work;
    private final Semaphore writerLock;
    private final String databasePath;
    private final Object monitor = new Object();
    /** Guarded by the monitor. */
    private boolean wanted;
    private boolean running;
    private boolean stopping;
    private Thread thread;

    ThreadCheckpointDriver(BackgroundCheckpointer work, Semaphore writerLock, String databasePath) {
        this.work = work;
        this.writerLock = writerLock;
        this.databasePath = databasePath;
    }

    @Override
    public void wake() {
        synchronized (monitor) {
            if (stopping) {
                return;
            }
            wanted = true;
            startOnce();
            monitor.notifyAll();
        }
    }

    @Override
    public void awaitRoom() {
        boolean interrupted = false;
        synchronized (monitor) {
            if (stopping) {
                return;
            }
            wanted = true;
            startOnce();
            monitor.notifyAll();
            // Until the thread has looked at the work since this call (wanted cleared) and gone idle.
            while (!stopping && work.full() && (wanted || running)) {
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void startOnce() {
        if (thread == null) {
            thread = new Thread(this::loop, "crashbench-checkpointer " + databasePath);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void loop() {
        while (true) {
            synchronized (monitor) {
                running = false;
                monitor.notifyAll();
                while (!wanted && !stopping) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        stopping = true;
                    }
                }
                if (stopping) {
                    monitor.notifyAll();
                    return;
                }
                wanted = false;
                running = true;
            }
            try {
                takeSteps();
            } catch (RuntimeException | Error e) {
                // A bug, not an I/O error: stop writes rather than leave the WAL to grow unseen.
                work.failHost(new IOException("the background checkpointer of " + databasePath + " failed", e));
                synchronized (monitor) {
                    stopping = true;
                    running = false;
                    monitor.notifyAll();
                }
                return;
            }
        }
    }

    private void takeSteps() {
        while (!isStopping() && work.hasWork()) {
            if (work.nextStepTouchesWal()) {
                if (!acquireWriterLock()) {
                    return;
                }
                try {
                    work.step(true);
                } finally {
                    writerLock.release();
                }
            } else {
                work.step(false);
            }
        }
    }

    /** Waits for the writer lock; false when stopped meanwhile. */
    private boolean acquireWriterLock() {
        while (!isStopping()) {
            try {
                if (writerLock.tryAcquire(WRITER_LOCK_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
    }

    private boolean isStopping() {
        synchronized (monitor) {
            return stopping;
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (monitor) {
            stopping = true;
            monitor.notifyAll();
            running = thread;
        }
        if (running != null && running != Thread.currentThread()) {
            boolean interrupted = false;
            while (running.isAlive()) {
                try {
                    running.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
