package dev.crashbench.engine.pager;

import java.io.IOException;

/**
 * The background checkpointer of one opening (optimization {@code background_checkpoint}): the
 * committing thread never checkpoints; this object holds the pass in progress ({@link
 * CheckpointPass}) and takes its steps when a {@link CheckpointDriver} tells it to, on whatever
 * thread that driver runs. It decides nothing about time: when to step is the driver's business,
 * so the crash explorer can drive it deterministically and a daemon thread can drive it in
 * production.
 *
 * <p>Thresholds, both in WAL frames and evaluated lazily: after a commit, the WAL's frame count is
 * compared with two integers fixed at open, with no clock, no index scan and no lock of this
 * object's; the thread driver is woken only at or above the first.
 * <ul>
 *   <li>{@code startFrames} (the {@code auto_checkpoint_frames} option): a pass starts once the WAL
 *       holds at least this many frames.</li>
 *   <li>{@link #fullFrames} (twice that): the WAL is <em>full</em>. The next write transaction waits
 *       at its start until the checkpointer has reset the WAL or can do nothing more.</li>
 * </ul>
 *
 * <p>Readers. A pass copies home nothing past the oldest open reader's mark, and the reset needs
 * every frame home, so a reader that began before the WAL's end holds the reset back while it is
 * open. A reader whose snapshot is the whole WAL does not: after the reset it reads from the
 * database file, which then holds exactly its state. So readers cannot keep the WAL from resetting
 * forever, however they overlap: while a writer waits for a full WAL, the end does not move, every
 * reader that begins sees all of it, and the reset comes as soon as the older readers close. The
 * production driver waits for them up to a grace period ({@link CheckpointScheduler#READER_GRACE});
 * a reader open longer than that lets the writer go on, and the WAL grows, as with inline
 * checkpoints: a reader can delay a reset, never block writers for good. (The deterministic driver
 * cannot wait for a reader on its own thread: it goes on at once.)
 *
 * <p>Fail-stop: an I/O error in a step is handed to the {@link Host}, which stops the database's
 * writes, and this checkpointer takes no further step; it also takes none once the host reports
 * itself failed (a commit's sync failed: the WAL's frames can no longer be trusted).
 *
 * <p>Threads: steps, the pass and the explicit {@link #runToCompletion} are serialized on this
 * object's monitor. {@link #committed} and {@link #full} use only a volatile field, so a commit
 * never waits for this object; whether it waits for a step is the driver's policy (the thread
 * driver takes steps only under the writer lock, in the writer's gaps: see
 * {@link ThreadCheckpointDriver}).
 */
public final class BackgroundCheckpointer {
    /** The database the checkpointer works for. */
    public interface Host {
        /** Whether writes are still allowed (no I/O failure so far). */
        boolean healthy();

        /** A step failed: the database must stop writes. */
        void failed(IOException e);

        /** A pass run by the checkpointer finished (not one run by {@link #runToCompletion}). */
        void finished(Pager.CheckpointResult result);
    }

    private final Pager pager;
    private final boolean sync;
    private final int startFrames;
    private final int fullFrames;
    private final Host host;
    private CheckpointPass pass;
    private boolean failed;
    private volatile boolean full;

    /**
     * @param sync        whether passes sync (false for durability OFF)
     * @param startFrames frames at which a pass starts (the {@code auto_checkpoint_frames} option)
     */
    public BackgroundCheckpointer(Pager pager, boolean sync, int startFrames, Host host) {
        if (startFrames < 1) {
            throw new IllegalArgumentException("a pass must start at 1 frame or more, not " + startFrames);
        }
        this.pager = pager;
        this.sync = sync;
        this.startFrames = startFrames;
        this.fullFrames = fullFrames(startFrames);
        this.host = host;
    }

    /** The frame count at which the WAL is full, for passes starting at {@code startFrames}: twice that. */
    public static int fullFrames(int startFrames) {
        return startFrames > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : 2 * startFrames;
    }

    /**
     * A commit left the WAL at {@code walFrames} committed frames (writer lock held). Returns
     * whether the checkpointer has work to be woken for. Allocation-free, no lock.
     */
    public boolean committed(int walFrames) {
        if (walFrames >= fullFrames) {
            full = true;
        }
        return walFrames >= startFrames;
    }

    /** Whether the WAL is full: the next write transaction should wait (see the class comment). */
    public boolean full() {
        return full;
    }

    /** Whether a step is there to take: a pass in progress, or one worth starting now. */
    public synchronized boolean hasWork() {
        return pass != null || startPass();
    }

    /**
     * Whether the next step touches the WAL's write side, so that the caller must exclude commits
     * (hold the writer lock) to take it; false when there is no work.
     */
    public synchronized boolean nextStepTouchesWal() {
        return hasWork() && pass.next().touchesWal();
    }

    /** The step the checkpointer would take next, {@link CheckpointStep#DONE} when it has no work. */
    public synchronized CheckpointStep nextStep() {
        return hasWork() ? pass.next() : CheckpointStep.DONE;
    }

    /**
     * Takes one step, if there is one and it is allowed: a step that touches the WAL needs {@code
     * commitsExcluded} (see {@link #nextStepTouchesWal}). Returns whether a step was taken. An I/O
     * error goes to the host and stops this checkpointer; other exceptions (a simulated power cut)
     * pass through.
     */
    public synchronized boolean step(boolean commitsExcluded) {
        if (!hasWork() || pass.next().touchesWal() && !commitsExcluded) {
            return false;
        }
        try {
            pass.step();
        } catch (IOException e) {
            pass.release();
            pass = null;
            failed = true;
            host.failed(e);
            return true;
        }
        if (pass.done()) {
            pass.release();
            Pager.CheckpointResult result = pass.result();
            pass = null;
            if (result.walReset()) {
                full = false;
            }
            host.finished(result);
        }
        return true;
    }

    /** Stops this checkpointer and the database's writes for a failure outside a step (a driver's bug). */
    public synchronized void failHost(IOException e) {
        if (pass != null) {
            pass.release();
        }
        pass = null;
        failed = true;
        host.failed(e);
    }

    /** Starts a pass when the WAL has reached the start threshold and a pass would do something. */
    private boolean startPass() {
        if (failed || !host.healthy() || pager.walFrames() < startFrames) {
            return false;
        }
        CheckpointPass planned = new CheckpointPass(pager, sync, true);
        if (planned.done()) {
            planned.release();
            return false; // readers hold back everything not home yet
        }
        pass = planned;
        return true;
    }

    /**
     * An explicit checkpoint (writer lock held, so no commit runs meanwhile): finishes the pass in
     * progress, then runs a whole new one, on the caller's thread, and makes every committed frame
     * durable, also those an open reader kept from going home. Returns what the passes did together.
     * Throws the first I/O error (the caller fails stop).
     */
    public synchronized Pager.CheckpointResult runToCompletion() throws IOException {
        int pages = 0;
        int frames = 0;
        boolean reset = false;
        try {
            if (pass != null) {
                while (!pass.done()) {
                    pass.step();
                }
                pass.release();
                Pager.CheckpointResult finished = pass.result();
                pages += finished.pagesWritten();
                frames += finished.framesBackfilled();
                reset = finished.walReset();
                pass = null;
            }
            Pager.CheckpointResult whole = pager.checkpoint(sync);
            if (reset || whole.walReset()) {
                full = false;
            }
            if (sync) {
                // Readers (held across passes here) may have kept frames from going home; they are
                // made durable all the same.
                pager.makeCommittedFramesDurable();
            }
            return new Pager.CheckpointResult(pages + whole.pagesWritten(), frames + whole.framesBackfilled(),
                    reset || whole.walReset());
        } catch (IOException e) {
            if (pass != null) {
                pass.release();
            }
            pass = null;
            failed = true;
            throw e;
        }
    }
}
