package dev.crashbench.engine.pager;

/** A step of a checkpoint pass ({@link CheckpointPass} tells what each does and when it is taken). */
public enum CheckpointStep {
    /** fdatasync of the WAL, so that no page of a commit that is not durable goes home. */
    SYNC_WAL,
    /** One page's newest image below the pass's limit written into the database file. */
    COPY_PAGE,
    /** fdatasync of the database file, before the WAL may be reset. */
    SYNC_HOME,
    /** A new WAL generation, when every frame is home and nothing arrived since the plan. */
    RESET,
    /** The pass is over. */
    DONE;

    /**
     * Whether the step touches the WAL's write side (its sync, its header): a concurrent commit
     * must not be appending then, so a background checkpointer takes the writer lock for it.
     */
    public boolean touchesWal() {
        return this == SYNC_WAL || this == RESET;
    }
}
