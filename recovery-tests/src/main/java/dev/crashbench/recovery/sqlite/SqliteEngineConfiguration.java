package dev.crashbench.recovery.sqlite;

import dev.crashbench.faultvfs.Seeds;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.spi.Capability;
import dev.crashbench.spi.DurabilityPromise;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.spi.EngineUnderTest;
import dev.crashbench.spi.FailureKind;
import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SQLite with a journal mode and a synchronous level fixed.
 *
 * <h2>What each combination promises (from SQLite's documentation of {@code PRAGMA synchronous})</h2>
 * With {@code promise=documented} the oracle holds SQLite to this table; with the default
 * {@code promise=every_commit}, to every acknowledged commit, so that the losses the table admits
 * are found.
 * <table>
 *   <caption>the durability promise by journal mode and synchronous level</caption>
 *   <tr><th>journal_mode</th><th>synchronous</th><th>promise</th><th>why</th></tr>
 *   <tr><td>wal</td><td>full, extra</td><td>every commit</td><td>the WAL is synced at every commit</td></tr>
 *   <tr><td>wal</td><td>normal</td><td>at checkpoint</td><td>"a transaction committed in WAL mode with
 *       synchronous=NORMAL might roll back following a power loss"; the WAL is synced before each
 *       checkpoint, which syncs the database file</td></tr>
 *   <tr><td>wal</td><td>off</td><td>none</td><td>SQLite never syncs, a checkpoint neither</td></tr>
 *   <tr><td>delete, truncate</td><td>full, extra</td><td>every commit</td><td>what a commit that
 *       returned means to an application; for DELETE+FULL SQLite documents an exception (the
 *       journal's deletion is not durable until the directory is synced, which only EXTRA does, so
 *       the last commit may roll back after a power loss): the promise stays, so that the campaign
 *       shows that loss</td></tr>
 *   <tr><td>delete, truncate</td><td>normal</td><td>none</td><td>SQLite syncs only "at the most critical
 *       moments" and promises no acknowledged commit</td></tr>
 *   <tr><td>delete, truncate</td><td>off</td><td>none</td><td>no sync: the database may even be left
 *       corrupt, which the oracle never accepts</td></tr>
 * </table>
 *
 * <p>Capabilities: an integrity check ({@code PRAGMA integrity_check}) always; a checkpoint
 * ({@code PRAGMA wal_checkpoint(TRUNCATE)}) in WAL mode, the only mode that has one.
 *
 * <p>Exceptions: {@code SQLITE_CORRUPT} and {@code SQLITE_NOTADB} are detected corruption;
 * {@code SQLITE_IOERR}, {@code SQLITE_FULL} and {@code SQLITE_CANTOPEN} are I/O trouble inside the call
 * (indeterminate); any other result code is SQLite refusing the statement (after an I/O error it
 * rolls the transaction back, and a later {@code COMMIT} is refused); anything that is not SQLite's
 * error is a bug. A power cut comes out as the power cut it is, never classified.
 */
public final class SqliteEngineConfiguration implements EngineConfiguration {
    private final SqliteEngine engine;
    private final SqliteConfig.JournalMode journalMode;
    private final SqliteConfig.Synchronous synchronous;
    private final Promise promise;

    /** What the oracle holds SQLite to (option {@code promise}). */
    enum Promise {
        /** Every acknowledged commit, whatever the configuration: a returned COMMIT, as an application reads it. */
        EVERY_COMMIT,
        /** What SQLite's documentation promises for the journal mode and synchronous level (the table above). */
        DOCUMENTED
    }

    SqliteEngineConfiguration(SqliteEngine engine, SqliteConfig.JournalMode journalMode,
                              SqliteConfig.Synchronous synchronous, Promise promise) {
        this.engine = engine;
        this.journalMode = journalMode;
        this.synchronous = synchronous;
        this.promise = promise;
    }

    @Override
    public EngineUnderTest engine() {
        return engine;
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(SqliteEngine.JOURNAL_MODE, journalMode.name().toLowerCase(Locale.ROOT));
        options.put(SqliteEngine.SYNCHRONOUS, synchronous.name().toLowerCase(Locale.ROOT));
        options.put(SqliteEngine.PROMISE, promise.name().toLowerCase(Locale.ROOT));
        return options;
    }

    /**
     * Every commit with {@code promise=every_commit} (the default, under which WAL+NORMAL, WAL+OFF,
     * DELETE+OFF and DELETE+FULL lose acknowledged commits, as SQLite documents); with
     * {@code promise=documented}, the table above.
     */
    @Override
    public DurabilityPromise durability() {
        if (promise == Promise.EVERY_COMMIT) {
            return DurabilityPromise.EVERY_COMMIT;
        }
        boolean wal = journalMode == SqliteConfig.JournalMode.WAL;
        return switch (synchronous) {
            case FULL, EXTRA -> DurabilityPromise.EVERY_COMMIT;
            case NORMAL -> wal ? DurabilityPromise.AT_CHECKPOINT : DurabilityPromise.NONE;
            case OFF -> DurabilityPromise.NONE;
        };
    }

    @Override
    public Set<Capability> capabilities() {
        return journalMode == SqliteConfig.JournalMode.WAL
                ? EnumSet.of(Capability.CHECKPOINT, Capability.INTEGRITY_CHECK)
                : EnumSet.of(Capability.INTEGRITY_CHECK);
    }

    /**
     * Opens {@code path} with SQLite, which recovers it (rolls back a hot journal or replays the WAL).
     * Its random numbers and clock come from a seed: on a SimDisk, the disk's seed mixed with the step
     * the opening happens at (so a reopen in a workload draws other numbers than the first opening,
     * and a replay the same ones); on any other {@code Vfs}, a fixed one.
     */
    @Override
    public SqliteSession open(Vfs vfs, String path) throws IOException {
        long seed = vfs instanceof SimDisk disk ? Seeds.mix(disk.config().seed(), disk.step()) : 0;
        try {
            return SqliteSession.open(vfs, path, new SqliteConfig(journalMode, synchronous, seed));
        } catch (SqliteException e) {
            throw new SqliteIoFailure(e);
        }
    }

    @Override
    public FailureKind classify(Throwable failure) {
        if (!(failure instanceof SqliteIoFailure wrapped)) {
            return FailureKind.BUG;
        }
        SqliteException e = wrapped.sqlite();
        if (e.isCorruption()) {
            return FailureKind.CORRUPTION_DETECTED;
        }
        if (e.isIoError() || e.primaryCode() == SqliteCodes.CANTOPEN) {
            return FailureKind.INDETERMINATE;
        }
        return FailureKind.REFUSED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SqliteEngineConfiguration other && other.journalMode == journalMode
                && other.synchronous == synchronous && other.promise == promise;
    }

    @Override
    public int hashCode() {
        return (journalMode.hashCode() * 31 + synchronous.hashCode()) * 31 + promise.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
