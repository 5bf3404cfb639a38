package dev.crashbench.engine;

/**
 * Something the engine did that a crash campaign wants to know it exercised: a campaign that ran
 * an optimization but never took its code path proves nothing about it. Counted per opening in
 * {@link EngineEvents}.
 */
public enum EngineEvent {
    /** A write transaction's commit was acknowledged (whatever the durability). */
    COMMIT("commits acknowledged"),
    /** A checkpoint copied pages home (on any thread). */
    CHECKPOINT("checkpoints that copied pages home"),
    /** A commit took the single-page fast path. */
    SINGLE_PAGE_COMMIT("commits on the single-page fast path"),
    /** A write transaction reused the writer's objects of an earlier one. */
    WRITER_REUSED("write transactions on reused writer objects"),
    /** A checkpoint ran on the background checkpointer, not on a committing thread. */
    BACKGROUND_CHECKPOINT("checkpoints run in the background"),
    /** A write transaction waited for a full WAL (for the background checkpointer, or for readers that held its reset). */
    WAL_FULL_WAIT("commits that waited for a full WAL"),
    /** A checkpoint took every frame home and started a new WAL generation. */
    WAL_RESET("WAL resets"),
    /** A frame was stored through the WAL's mapping. */
    MAPPED_FRAME("frames stored through the WAL mapping"),
    /** A commit's frames (with group commit, a gathered group's) were written through the WAL's O_DSYNC handle. */
    DSYNC_WRITE("WAL writes through O_DSYNC (one per commit, or per gathered group)"),
    /** A frame carried a delta instead of a full page image. */
    DELTA_FRAME("delta frames written"),
    /** Recovery or a checkpoint rebuilt a page from a base image and deltas. */
    DELTA_APPLIED("pages rebuilt from deltas"),
    /** A WAL sync covered more than one commit. */
    GROUPED_COMMIT("commits whose sync another commit shared"),
    /** One WAL write carried the frames of more than one commit (group commit's gathered write). */
    GROUPED_WRITE("WAL writes that carried several commits");

    private final String description;

    EngineEvent(String description) {
        this.description = description;
    }

    /** What the count counts, for reports. */
    public String describe() {
        return description;
    }
}
