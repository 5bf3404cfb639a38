package dev.crashbench.engine.pager;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link CheckpointDriver}: one daemon thread per opening, started at the first
 * wake (an opening that never commits past the threshold, such as a recovery being judged, never
 * starts one). Woken, it takes steps until there is no work.
 *
 * <p>The policy is lazy: the checkpointer stays out of the committing thread's way. Every step is
 * taken holding the writer lock, taken only when no write transaction holds it and no writer is
 * queued for it, in slices of at most {@link #SLICE_STEPS} steps, after which the lock goes back
 * and a waiting writer comes first. So a step never runs while a commit appends, flushes or builds
 * its pages: the database sync never competes with a commit's WAL sync for the device, and page
 * copies never compete with a commit for the CPU (on a machine with few cores, running them beside
 * commits made every commit slower). The price is a commit that arrives during a slice waits for
 * it: at most {@link #SLICE_STEPS} steps, page writes into the page cache and the pass's few syncs
 * (the WAL's, the database file's, the reset's). A writer that keeps the lock busy
 * leaves the checkpointer no gap until the WAL is full; that writer then waits at its start
 * ({@link #awaitRoom}) while the thread runs the pass, slice after slice, with no commit beside it.
 *
 * <p>Not for the simulated tier: the thread's timing would decide what a power cut finds. There
 * the explorer drives {@link SteppedCheckpoints}, which takes the same steps on the workload's
 * thread.
 */
final class ThreadCheckpointDriver implements CheckpointDriver {
    /** How long a WAL step waits for the writer lock before it looks whether it was stopped. */
    private static final long WRITER_LOCK_POLL_MILLIS = 10;
    /** How often a writer waiting for a full WAL looks whether the readers holding it back closed. */
    private static final long READER_POLL_MILLIS = 2;
    /**
     * Steps taken per hold of the writer lock: a commit that arrives meanwhile waits for at most
     * this many (page writes of 4 KiB into the page cache, and the pass's syncs).
     */
    static final int SLICE_STEPS = 16;

    private final BackgroundCheckpointer work;
    private final Semaphore writerLock;
    private final String databasePath;
    private final Object monitor = new Object();
    /** Guarded by the monitor. */
    private boolean wanted;
    private boolean running;
    private boolean stopping;
    private Thread thread;

    private final long readerGraceNanos;

    ThreadCheckpointDriver(BackgroundCheckpointer work, Semaphore writerLock, String databasePath,
                           Duration readerGrace) {
        this.work = work;
        this.writerLock = writerLock;
        this.databasePath = databasePath;
        this.readerGraceNanos = readerGrace.toNanos();
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

    /**
     * Waits while the WAL is full and the thread is working on it. When the thread goes idle with
     * the WAL still full, open readers hold back the reset; while this writer waits, the WAL's end
     * does not move, so readers that begin now see all of it and do not hold it back, and the reset
     * comes once the older readers close. This waits for that, looking again every {@link
     * #READER_POLL_MILLIS}, up to the reader grace; then the writer goes on and the WAL grows.
     */
    @Override
    public void awaitRoom() {
        boolean interrupted = false;
        long deadline = System.nanoTime() + readerGraceNanos;
        synchronized (monitor) {
            if (stopping) {
                return;
            }
            wanted = true;
            startOnce();
            monitor.notifyAll();
            while (!stopping && work.full()) {
                boolean idle = !wanted && !running;
                long left = deadline - System.nanoTime();
                if (idle && left <= 0) {
                    break; // a reader outlived the grace: go on, the WAL grows
                }
                if (idle) {
                    wanted = true; // look again: a reader may have closed (closing one wakes no one)
                    monitor.notifyAll();
                }
                try {
                    monitor.wait(idle ? Math.max(1, Math.min(READER_POLL_MILLIS, left / 1_000_000)) : 0);
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
            if (!acquireWriterLockWhenIdle()) {
                return;
            }
            try {
                for (int taken = 0; taken < SLICE_STEPS && work.step(true); taken++) {
                    // one slice, with no commit beside it
                }
            } finally {
                writerLock.release();
            }
        }
    }

    /**
     * Waits until no writer holds or waits for the writer lock, and takes it; false when stopped
     * meanwhile. A writer queued for the lock goes first: the checkpointer takes only the gaps.
     */
    private boolean acquireWriterLockWhenIdle() {
        while (!isStopping()) {
            try {
                if (writerLock.hasQueuedThreads()) {
                    Thread.sleep(1); // a writer is waiting: let it have the lock
                } else if (writerLock.tryAcquire(WRITER_LOCK_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
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
