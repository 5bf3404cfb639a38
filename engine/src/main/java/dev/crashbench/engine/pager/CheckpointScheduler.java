package dev.crashbench.engine.pager;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * How the checkpoints of one opening are scheduled, handed to {@code Database.open}: with background
 * checkpoints it makes the {@link CheckpointDriver} ({@link #THREAD} in production,
 * {@link SteppedCheckpoints} where every step must come from a seed: the crash explorer); for every
 * opening it says how long a writer waits for readers that hold back the reset of a full WAL
 * ({@link #readerGrace}).
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
        return new CheckpointScheduler() {
            @Override
            public CheckpointDriver drive(BackgroundCheckpointer checkpointer, Semaphore writerLock,
                                          String databasePath) {
                return new ThreadCheckpointDriver(checkpointer, writerLock, databasePath, readerGrace);
            }

            @Override
            public Duration readerGrace() {
                return readerGrace;
            }
        };
    }

    /**
     * {@code scheduler} with checkpoints only after commits: the policy the engine had before the
     * WAL bound, kept so that the bound's tests can show what it prevents. Inline checkpoints then
     * run only right after a commit, when every reader that began before that commit still sees an
     * older state and holds the reset back: readers that overlap, never all closed at once, keep
     * the WAL growing without end. Never the right choice for a database in use.
     */
    static CheckpointScheduler afterCommitsOnly(CheckpointScheduler scheduler) {
        return new CheckpointScheduler() {
            @Override
            public CheckpointDriver drive(BackgroundCheckpointer checkpointer, Semaphore writerLock,
                                          String databasePath) {
                return scheduler.drive(checkpointer, writerLock, databasePath);
            }

            @Override
            public Duration readerGrace() {
                return scheduler.readerGrace();
            }

            @Override
            public boolean checkpointsBeforeWrites() {
                return false;
            }
        };
    }

    /**
     * How long a writer that found the WAL full (twice {@code auto_checkpoint_frames}) waits for the
     * readers older than the WAL's end to close, so that the reset can happen, before it goes on and
     * lets the WAL grow: with background checkpoints, in {@link CheckpointDriver#awaitRoom}; with
     * inline ones, before its own checkpoint. {@link #READER_GRACE} unless the scheduler says
     * otherwise ({@link SteppedCheckpoints}: zero, its readers live on the writer's own thread).
     */
    default Duration readerGrace() {
        return READER_GRACE;
    }

    /**
     * Whether a write transaction that finds the WAL at or past {@code auto_checkpoint_frames}
     * checkpoints inline before it writes (when a pass there would do anything). True but for
     * {@link #afterCommitsOnly}. Not used with background checkpoints.
     */
    default boolean checkpointsBeforeWrites() {
        return true;
    }

    /**
     * The driver of {@code checkpointer}. {@code writerLock} is the database's writer lock, which a
     * driver holds at least while a step touches the WAL ({@link BackgroundCheckpointer#nextStepTouchesWal});
     * the thread driver holds it for every step.
     */
    CheckpointDriver drive(BackgroundCheckpointer checkpointer, Semaphore writerLock, String databasePath);
}
