package dev.crashbench.recovery.sqlite;

/**
 * How {@link SqliteOnVfs} sets a connection up.
 *
 * @param journalMode  {@code PRAGMA journal_mode}
 * @param synchronous  {@code PRAGMA synchronous}
 * @param seed         seeds the VFS's randomness and clock and SQLite's own random numbers (WAL
 *                     salts, journal nonces), so a run repeats byte for byte
 */
public record SqliteConfig(JournalMode journalMode, Synchronous synchronous, long seed) {

    public SqliteConfig {
        if (journalMode == null || synchronous == null) {
            throw new IllegalArgumentException("journal mode and synchronous are required");
        }
    }

    /** {@code PRAGMA journal_mode}: the rollback journals and the write-ahead log SQLite offers on disk. */
    public enum JournalMode {
        /** Rollback journal, deleted at commit. */
        DELETE,
        /** Rollback journal, truncated to zero bytes at commit. */
        TRUNCATE,
        /** Write-ahead log (in exclusive locking mode here: the VFS has no shared memory). */
        WAL;

        String pragmaValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code PRAGMA synchronous}: when SQLite syncs (SQLite's documentation gives what each promises). */
    public enum Synchronous {
        /** Never. */
        OFF,
        /** Rollback modes: at the critical moments; WAL: only at checkpoints. */
        NORMAL,
        /** Every commit. */
        FULL,
        /** FULL, and the directory after a rollback journal is deleted. */
        EXTRA;

        String pragmaValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String describe() {
        return "journal_mode=" + journalMode.pragmaValue() + ", synchronous=" + synchronous.pragmaValue()
                + ", seed " + seed;
    }
}
