package dev.crashbench.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * A commit-latency optimization of the engine, switched on by its {@code key=true} engine option.
 * Each one changes how commits reach the disk, so each one stays off until the bench's recovery
 * campaign has passed with it on and the benchmark accepted it (see the bench's optimization
 * matrix); those accepted are {@link EngineOptions#DEFAULT_OPTIMIZATIONS}. They compose, except
 * for the pairs {@link OptionConflict} declares.
 *
 * <p>The constants are in the order of the optimization plan the engine follows: the bench's
 * cumulative stack switches them on in this order.
 */
public enum Optimization {
    WRITER_REUSE("writer_reuse",
            "the write transaction's objects and buffers are reused across commits: no allocation on a warm commit path", EngineEvent.WRITER_REUSED),
    SINGLE_PAGE_FAST_PATH("single_page_fast_path",
            "a commit with one dirty page skips the general collection of dirty pages", EngineEvent.SINGLE_PAGE_COMMIT),
    BACKGROUND_CHECKPOINT("background_checkpoint",
            "checkpoints run off the committing thread; a commit waits only when the WAL is full", EngineEvent.BACKGROUND_CHECKPOINT),
    WAL_MMAP("wal_mmap",
            "frames are stored through a mapping of the preallocated WAL and made durable by a range sync (msync)", EngineEvent.MAPPED_FRAME),
    WAL_DSYNC("wal_dsync",
            "the WAL is opened with O_DSYNC, so a commit is one write and no separate sync", EngineEvent.DSYNC_WRITE),
    DELTA_FRAMES("delta_frames",
            "a frame may carry only the changed sector-aligned byte ranges of a page, against a named base", EngineEvent.DELTA_FRAME),
    GROUP_COMMIT("group_commit",
            "commits waiting at the same time share one WAL write and one WAL sync", EngineEvent.GROUPED_COMMIT);

    private final String key;
    private final String description;
    private final EngineEvent exercisedBy;

    Optimization(String key, String description, EngineEvent exercisedBy) {
        this.key = key;
        this.description = description;
        this.exercisedBy = exercisedBy;
    }

    /**
     * The event the engine counts each time this optimization's own code path runs: a campaign
     * that never counted it did not exercise the optimization.
     */
    public EngineEvent exercisedBy() {
        return exercisedBy;
    }

    /** The engine option that switches this optimization on ({@code key=true}). */
    public String key() {
        return key;
    }

    /** One line saying what this optimization changes. */
    public String describe() {
        return description;
    }

    /** The optimization whose {@link #key()} is {@code key} (case-insensitive, trimmed), if any. */
    public static Optional<Optimization> byKey(String key) {
        String wanted = key.trim().toLowerCase(Locale.ROOT);
        for (Optimization optimization : values()) {
            if (optimization.key.equals(wanted)) {
                return Optional.of(optimization);
            }
        }
        return Optional.empty();
    }
}
