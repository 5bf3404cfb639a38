package dev.crashbench.engine.pager;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * A deterministic {@link CheckpointScheduler}: no thread; the background checkpointer of the
 * opening made last takes steps only when its owner calls {@link #advance}, on the owner's thread,
 * and when a write transaction waits for a full WAL (then on that transaction's thread, until the
 * checkpointer has made room or can do nothing more). So a step lands between two operations of
 * the owner exactly where the owner decided, from its seed, and a power cut of the simulated disk
 * can land inside any step's VFS calls: the crash explorer replays it bit for bit.
 *
 * <p>Single-threaded: the owner, the database and its checkpointer run on one thread.
 */
public final class SteppedCheckpoints implements CheckpointScheduler {
    private BackgroundCheckpointer current;

    @Override
    public CheckpointDriver drive(BackgroundCheckpointer checkpointer, Semaphore writerLock, String databasePath) {
        current = checkpointer;
        return new CheckpointDriver() {
            @Override
            public void wake() {
                // nothing happens until the owner advances
            }

            @Override
            public void awaitRoom() {
                while (checkpointer.full() && checkpointer.step(true)) {
                    // one step at a time, on the waiting transaction's thread
                }
            }

            @Override
            public void close() {
                if (current == checkpointer) {
                    current = null;
                }
            }
        };
    }

    /** Zero: a reader that holds back the reset lives on the writer's own thread, so waiting for it is pointless. */
    @Override
    public Duration readerGrace() {
        return Duration.ZERO;
    }

    /**
     * The step the open database's checkpointer would take next; {@link CheckpointStep#DONE} when it
     * has no work or no database with background checkpoints is open.
     */
    public CheckpointStep nextStep() {
        BackgroundCheckpointer checkpointer = current;
        return checkpointer == null ? CheckpointStep.DONE : checkpointer.nextStep();
    }

    /**
     * Takes up to {@code steps} steps of the open database's checkpointer; fewer when it runs out of
     * work. Returns the steps taken. Between two operations no commit is halfway, so a step that
     * touches the WAL may run even with a write transaction open: it never overlaps an append.
     */
    public int advance(int steps) {
        BackgroundCheckpointer checkpointer = current;
        int taken = 0;
        while (checkpointer != null && taken < steps && checkpointer.step(true)) {
            taken++;
        }
        return taken;
    }
}
