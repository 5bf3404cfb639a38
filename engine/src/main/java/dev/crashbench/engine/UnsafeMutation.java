package dev.crashbench.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * A deliberately broken durability behaviour, switched on only through an explicit
 * {@code unsafe_*} engine option ({@link EngineOptions#withMutation}). Each one is a bug class a
 * real storage engine has shipped; the bench turns them on to prove its crash explorer catches
 * them. Never use one for data you want to keep.
 *
 * <p>Each mutation lives behind a check of its constant ({@code options.has(X)} in
 * {@link Database}, {@code mutations.contains(X)} in the pager and the WAL) at the place where the
 * healthy behaviour is implemented, with a comment naming what it breaks; with no mutation set,
 * the engine does byte for byte what it did before mutations existed.
 */
public enum UnsafeMutation {
    SYNC_IS_NOOP("unsafe_sync_is_noop",
            "WAL and database file syncs of commits and checkpoints return without syncing; the engine believes they did"),
    ACK_BEFORE_SYNC("unsafe_ack_before_sync",
            "a FULL commit is acknowledged before its WAL sync, which runs only when the next commit starts"),
    WAL_RESET_BEFORE_DB_SYNC("unsafe_wal_reset_before_db_sync",
            "a checkpoint resets the WAL before syncing the pages it copied into the database file"),
    NO_FRAME_CHECKSUM("unsafe_no_frame_checksum",
            "recovery never verifies frame checksums: a frame counts by its salt and a commit by its marker alone"),
    ACCEPT_STALE_SALT("unsafe_accept_stale_salt",
            "recovery does not check frame salts: frames of an earlier WAL generation are replayed after a reset"),
    RETRY_SYNC_AFTER_EIO("unsafe_retry_sync_after_eio",
            "a commit whose WAL sync fails syncs again and, when that succeeds, is acknowledged instead of failing stop"),
    NO_DIR_SYNC_ON_WAL_CREATE("unsafe_no_dir_sync_on_wal_create",
            "the WAL's directory is never synced, so the name of a WAL just created is not durable"),
    BACKFILL_BEFORE_COMMIT_DURABLE("unsafe_backfill_before_commit_durable",
            "a checkpoint copies pages home without first syncing the WAL frames of their commits"),
    RESET_PAST_LIVE_READER("unsafe_reset_past_live_reader",
            "a checkpoint takes a reader that began after the last copy home for one at the WAL's end: it copies"
                    + " newer commits home under that reader and resets the WAL it still reads"),
    REUSE_KEEPS_ROLLED_BACK_PAGES("unsafe_reuse_keeps_rolled_back_pages",
            "the reused write transaction keeps a rolled-back transaction's dirty pages, and the next commit writes them",
            Optimization.WRITER_REUSE),
    FAST_PATH_SKIPS_DIGEST("unsafe_fast_path_skips_digest",
            "a single-page fast-path commit records the snapshot's page digest without replacing its page's checksum",
            Optimization.SINGLE_PAGE_FAST_PATH),
    WAL_HEADER_END_OFFSET("unsafe_wal_header_end_offset",
            "every commit writes the WAL's logical end into the WAL header, made durable by the same sync as its"
                    + " frames, in no order; recovery replays every frame below that end without checking salt or checksum"),
    DSYNC_ASSUMED("unsafe_dsync_assumed",
            "the WAL is opened without O_DSYNC, yet commits skip their sync as if every write through it were durable",
            Optimization.WAL_DSYNC),
    MMAP_ACK_BEFORE_MSYNC("unsafe_mmap_ack_before_msync",
            "a commit stored through the WAL mapping is acknowledged before its range sync: each msync covers the"
                    + " commit before, not this one", Optimization.WAL_MMAP),
    MMAP_SYNC_LAST_PAGE_ONLY("unsafe_mmap_sync_last_page_only",
            "the range sync of a mapped commit covers only its last frame (the one with the commit marker), not the"
                    + " frames before it", Optimization.WAL_MMAP),
    GROUP_ACK_UNCOVERED("unsafe_group_ack_uncovered",
            "group commit acknowledges a commit its sync did not cover: one appended after that sync started",
            Optimization.GROUP_COMMIT),
    GROUP_PUBLISH_BEFORE_SYNC("unsafe_group_publish_before_sync",
            "group commit shows a commit to readers as soon as it is appended, before a sync covers it",
            Optimization.GROUP_COMMIT),
    GROUP_WRITE_ACK_BEFORE_SYNC("unsafe_group_write_ack_before_sync",
            "group commit acknowledges the commits of a gathered WAL write once the write returns, leaving their sync"
                    + " to a later round", Optimization.GROUP_COMMIT),
    DELTA_UNALIGNED("unsafe_delta_unaligned",
            "delta frames are not padded to whole sectors, so a commit's first sector holds the previous commit's"
                    + " last bytes",
            Optimization.DELTA_FRAMES),
    DELTA_UNVERIFIED("unsafe_delta_unverified",
            "recovery does not verify the checksum of delta frames, trusting the rebuilt page's own checksum to catch a"
                    + " torn delta", Optimization.DELTA_FRAMES),
    DELTA_BASE_ACROSS_RESET("unsafe_delta_base_across_reset",
            "the writer remembers each page's last frame across WAL resets and writes a delta against it, in a"
                    + " generation where that frame is another page's or not written yet",
            Optimization.DELTA_FRAMES),
    BACKGROUND_RESET_BEFORE_DB_SYNC("unsafe_background_reset_before_db_sync",
            "the background checkpointer resets the WAL before syncing the pages it copied into the database file",
            Optimization.BACKGROUND_CHECKPOINT),
    BACKGROUND_IGNORES_READERS("unsafe_background_ignores_readers",
            "the background checkpointer ignores open readers: it copies home every committed frame, pages a"
                    + " reader's snapshot still reads from the database file too, and resets the WAL under them",
            Optimization.BACKGROUND_CHECKPOINT),
    BACKGROUND_RESET_OVER_NEW_COMMITS("unsafe_background_reset_over_new_commits",
            "the background checkpointer resets the WAL without checking for commits that arrived while it was"
                    + " copying pages, whose frames are not home", Optimization.BACKGROUND_CHECKPOINT),
    BACKGROUND_BACKFILL_BEFORE_DURABLE("unsafe_background_backfill_before_durable",
            "the background checkpointer takes published frames for durable and copies them home without syncing"
                    + " the WAL", Optimization.BACKGROUND_CHECKPOINT);

    /** Every option key starts with this, so a command line shows that it is unsafe. */
    public static final String KEY_PREFIX = "unsafe_";

    private final String key;
    private final String description;
    private final Optimization requires;

    UnsafeMutation(String key, String description) {
        this(key, description, null);
    }

    /** A careless implementation of {@code requires}: switching this mutation on switches that on too. */
    UnsafeMutation(String key, String description, Optimization requires) {
        this.key = key;
        this.description = description;
        this.requires = requires;
    }

    /** The optimization this mutation is a careless implementation of, if any. */
    public Optional<Optimization> requires() {
        return Optional.ofNullable(requires);
    }

    /** The engine option that switches this mutation on ({@code key=true}). */
    public String key() {
        return key;
    }

    /** One line saying what this mutation breaks. */
    public String describe() {
        return description;
    }

    /** The mutation whose {@link #key()} is {@code key} (case-insensitive, trimmed), if any. */
    public static Optional<UnsafeMutation> byKey(String key) {
        String wanted = key.trim().toLowerCase(Locale.ROOT);
        for (UnsafeMutation mutation : values()) {
            if (mutation.key.equals(wanted)) {
                return Optional.of(mutation);
            }
        }
        return Optional.empty();
    }
}
