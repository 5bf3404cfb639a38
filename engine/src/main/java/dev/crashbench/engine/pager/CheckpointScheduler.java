package dev.crashbench.engine.pager;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Makes the {@link CheckpointDriver} of one opening with background checkpoints: {@link #THREAD}
 * in production, {@link SteppedCheckpoints} where every step must come from a seed (the crash
 * explorer), handed to {@code Database.open}.
 */
@FunctionalInterface
public interface CheckpointScheduler {
    /** How long a writer waiting for a full WAL waits for the readers that hold back its reset, by default. */
    Duration READER_GRACE = Duration.ofMillis(200);

    /** A daemon thread per opening, started at the first wake ({@link ThreadCheckpointDriver}). */
    CheckpointScheduler THREAD = thread(READER_GRACE);

    /**
     * {@link #THREAD} with another reader grace: how long a writer that found the WAL full waits for
     * readers older than the WAL's end to close, so that the reset can happen, before it goes on
     * and lets the WAL grow.
     */
    static CheckpointScheduler thread(Duration readerGrace) {
        if (readerGrace.isNegative()) {
            throw new IllegalArgumentException("the reader grace cannot be negative: " + readerGrace);
        }
        return (checkpointer, writerLock, databasePath) ->
                new ThreadCheckpointDriver(checkpointer, writerLock, databasePath, readerGrace);
    }

    /**
     * The driver of {@code checkpointer}. {@code writerLock} is the database's writer lock, which a
     * driver holds while a step touches the WAL ({@link BackgroundCheckpointer#nextStepTouchesWal}).
     */
    CheckpointDriver drive(BackgroundCheckpointer checkpointer, Semaphore writerLock, String databasePath);
}
