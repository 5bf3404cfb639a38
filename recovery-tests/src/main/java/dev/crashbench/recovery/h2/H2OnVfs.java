package dev.crashbench.recovery.h2;

import dev.crashbench.vfs.Vfs;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.h2.api.ErrorCode;

/**
 * One H2 connection, in process, to a database whose files live on a crashbench {@link Vfs}:
 * H2's MVStore writes its single store file ({@code <db>.mv.db}) through {@link VfsFilePath},
 * so a SimDisk power cut strikes H2 exactly as it strikes any engine. Opening recovers, as H2
 * always does (it finds the newest complete chunk).
 *
 * <h2>What keeps a run repeatable (the settings in {@link #SETTINGS})</h2>
 * <ul>
 *   <li>{@code WRITE_DELAY=0}: no MVStore background writer thread and no serialization or
 *       buffer-save executors; every commit is written by the committing thread. H2 starts those
 *       threads for any delay above 0, and they wake on the wall clock, so
 *       {@link H2Config#writeDelayMillis()} above 0 is refused here.</li>
 *   <li>{@code FILE_LOCK=FS}: the store file's own lock ({@link VfsFileChannel#tryLock}) and no
 *       {@code .lock.db} watchdog thread, which {@code FILE_LOCK=FILE} would start (it sleeps and
 *       writes timestamps).</li>
 *   <li>{@code AUTO_COMPACT_FILL_RATE=0}: no automatic compaction, which H2 decides from fill rates
 *       aged by the wall clock; {@code MAX_COMPACT_TIME=0}: closing does not compact for up to
 *       200 ms of wall clock.</li>
 *   <li>{@code RETENTION_TIME}: H2 overwrites a dead chunk only once it is that old by the wall
 *       clock (45 s by default; H2 assumes the disk has flushed it by then). Pinned far beyond any
 *       run, so no chunk is reused and a slow machine writes what a fast one does, as the default
 *       does in any run shorter than 45 s.</li>
 *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: no shutdown hook that would close the database from
 *       another thread; {@code TRACE_LEVEL_FILE=0}: no {@code .trace.db} written onto the disk.</li>
 * </ul>
 * What stays of the wall clock: the store header's creation time and each chunk header's age
 * are milliseconds H2 reads from {@code System.currentTimeMillis()} and writes as hex text, so
 * the bytes of those writes differ between runs (the times, and what a longer time shifts after
 * it inside its 4 KiB block); the calls (which file, offset, length, sync) do not, and H2's
 * recovery does not read those times to choose a chunk.
 *
 * <p>Errors: H2's come out as {@link SQLException}. A power cut, or any unchecked exception the
 * {@code Vfs} threw under H2, comes out as it was thrown once the failing call has returned, and
 * again from every later call but {@link #close()}: the connection is dead.
 *
 * <p>Not thread-safe: one thread uses a connection at a time.
 */
public final class H2OnVfs implements AutoCloseable {
    /** The URL settings that keep H2's threads and the wall clock out of a run (see the class comment). */
    static final List<String> SETTINGS = List.of("WRITE_DELAY=0", "FILE_LOCK=FS", "AUTO_COMPACT_FILL_RATE=0",
            "MAX_COMPACT_TIME=0", "RETENTION_TIME=" + Integer.MAX_VALUE, "DB_CLOSE_ON_EXIT=FALSE",
            "TRACE_LEVEL_FILE=0");

    private final H2Disk disk;
    private final H2Config config;
    private final Connection connection;

    /** A call into H2's JDBC API. */
    @FunctionalInterface
    interface SqlCall<T> {
        T call() throws SQLException;
    }

    private H2OnVfs(H2Disk disk, H2Config config, Connection connection) {
        this.disk = disk;
        this.config = config;
        this.connection = connection;
    }

    /**
     * Opens (creating it if missing) database {@code dbName} ({@code "app"} is the file
     * {@code app.mv.db}) on {@code vfs}, through a disk registration of its own that
     * {@link #close()} ends.
     *
     * @throws IllegalArgumentException when the configuration needs H2's background threads
     */
    public static H2OnVfs open(Vfs vfs, String dbName, H2Config config) throws SQLException {
        if (config.writeDelayMillis() > 0) {
            throw new IllegalArgumentException("write_delay=" + config.writeDelayMillis()
                    + " starts H2's background writer, which wakes on the wall clock: a run on a simulated disk"
                    + " could not repeat; only write_delay=0 runs in process");
        }
        H2Disk disk = H2Disk.register(vfs);
        boolean done = false;
        try {
            Connection c = connect(disk, dbName);
            H2OnVfs db = new H2OnVfs(disk, config, c);
            db.call(() -> {
                c.setAutoCommit(false);
                return null;
            });
            done = true;
            return db;
        } finally {
            if (!done) {
                disk.close();
            }
        }
    }

    private static Connection connect(H2Disk disk, String dbName) throws SQLException {
        String url = url(disk, dbName);
        try {
            Connection c = new org.h2.Driver().connect(url, new Properties());
            disk.rethrowEscaped();
            return c;
        } catch (SQLException | RuntimeException e) {
            disk.rethrowEscaped();
            throw e;
        }
    }

    /** The JDBC URL of {@code dbName} on {@code disk}, with {@link #SETTINGS}. */
    static String url(H2Disk disk, String dbName) {
        return "jdbc:h2:" + disk.fileName(dbName) + ";" + String.join(";", SETTINGS);
    }

    public H2Config config() {
        return config;
    }

    /** The disk registration this connection's files go through. */
    public H2Disk disk() {
        return disk;
    }

    Connection connection() {
        return connection;
    }

    /** A key/value table, created if missing (its creation committed at once). */
    public H2KeyValueTable keyValueTable(String table) throws SQLException {
        return new H2KeyValueTable(this, table);
    }

    /** Fails with the escaped power cut, if there was one. */
    void checkOpen() {
        disk.rethrowEscaped();
    }

    /** Runs {@code call}; a power cut under it comes out as it was thrown, whatever H2 made of it. */
    <T> T call(SqlCall<T> call) throws SQLException {
        disk.rethrowEscaped();
        try {
            T result = call.call();
            disk.rethrowEscaped();
            return result;
        } catch (SQLException | RuntimeException e) {
            disk.rethrowEscaped();
            throw e;
        }
    }

    /** Whether H2 refused a database as damaged (as opposed to an I/O error or a bug). */
    public static boolean isCorruption(SQLException e) {
        return e.getErrorCode() == ErrorCode.FILE_CORRUPTED_1;
    }

    /**
     * Closes the connection (H2 then writes what is unsaved and closes the database) and ends the
     * disk registration. After a power cut H2's writes fail; that is not reported again.
     */
    @Override
    public void close() throws SQLException {
        try {
            if (disk.escaped() == null) {
                call(() -> {
                    connection.close();
                    return null;
                });
            } else {
                closeAfterPowerCut();
            }
        } finally {
            disk.close();
        }
    }

    /** The disk is gone: H2's closing writes fail, and nothing of it may reach the disk anyway. */
    private void closeAfterPowerCut() {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignoredAfterPowerCut) {
            // H2 fails to write its closing chunk on a disk without power: the run ended at the cut
        }
    }
}
