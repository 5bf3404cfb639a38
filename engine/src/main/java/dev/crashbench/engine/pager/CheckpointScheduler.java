package dev.crashbench.engine.pager;

import java.util.concurrent.Semaphore;

/**
 * Makes the {@link CheckpointDriver} of one opening with background checkpoints: {@link #THREAD}
 * in production, {@link SteppedCheckpoints} where every step must come from a seed (the crash
 * explorer), handed to {@code Database.open}.
 */
@FunctionalInterface
public interface CheckpointScheduler {
    /** A daemon thread per opening, started at the first wake ({@link ThreadCheckpointDriver}). */
    CheckpointScheduler THREAD = ThreadCheckpointDriver::new;

    /**
     * The driver of {@code checkpointer}. {@code writerLock} is the database's writer lock, which a
     * driver holds while a step touches the WAL ({@link BackgroundCheckpointer#nextStepTouchesWal}).
     */
    CheckpointDriver drive(BackgroundCheckpointer checkpointer, Semaphore writerLock, String databasePath);
}
