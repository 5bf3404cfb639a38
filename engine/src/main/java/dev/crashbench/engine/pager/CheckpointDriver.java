package dev.crashbench.engine.pager;

/**
 * Decides when, and on which thread, a {@link BackgroundCheckpointer}'s steps are taken: one per
 * opening, made by a {@link CheckpointScheduler}.
 */
public interface CheckpointDriver {
    /** A commit crossed the start threshold: there may be work. Called with the writer lock held. */
    void wake();

    /**
     * The WAL is full: returns once the checkpointer has reset it or can do nothing more. Called
     * by a write transaction about to begin, without the writer lock.
     */
    void awaitRoom();

    /**
     * Stops taking steps, for the database's close. Syncs nothing and starts nothing: a step
     * already running finishes, and a pass in progress is left where it is (the next open recovers
     * from the WAL, which still holds everything).
     */
    void close();
}
