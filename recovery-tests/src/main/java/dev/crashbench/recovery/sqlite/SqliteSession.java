package dev.crashbench.recovery.sqlite;

import dev.crashbench.spi.EngineSession;
import dev.crashbench.spi.IntegrityIssue;
import dev.crashbench.spi.ReadView;
import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.util.List;

/**
 * One SQLite connection as an engine session: the key space is the table {@link #TABLE}
 * ({@link KeyValueTable}), created inside the first transaction, so it exists exactly when that
 * commit does (SQLite's schema changes are transactional).
 *
 * <p>A read view is a copy of the table taken when it begins: SQLite here has one connection (WAL in
 * exclusive locking mode), so a copy is the only snapshot that stays fixed while commits go on.
 * Closing never checkpoints ({@link SqliteOnVfs#keepWalAtClose()}): it leaves the files as a crash
 * would.
 */
public final class SqliteSession implements EngineSession {
    /** The table that holds the key space. */
    public static final String TABLE = "kv";

    private final SqliteOnVfs connection;
    private KeyValueTable table;

    private SqliteSession(SqliteOnVfs connection) {
        this.connection = connection;
    }

    static SqliteSession open(Vfs vfs, String path, SqliteConfig config) throws SqliteException {
        SqliteOnVfs connection = SqliteOnVfs.open(vfs, path, config);
        try {
            connection.keepWalAtClose();
        } catch (SqliteException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return new SqliteSession(connection);
    }

    /** The connection, for tests that look at SQLite itself. */
    public SqliteOnVfs connection() {
        return connection;
    }

    @Override
    public void create() throws IOException {
        try {
            connection.exec("BEGIN");
            table = connection.keyValueTable(TABLE); // CREATE TABLE inside the transaction
        } catch (SqliteException e) {
            throw new SqliteIoFailure(e);
        }
    }

    @Override
    public void begin() throws IOException {
        try {
            connection.exec("BEGIN");
            if (table == null) {
                table = connection.keyValueTable(TABLE);
            }
        } catch (SqliteException e) {
            throw new SqliteIoFailure(e);
        }
    }

    @Override
    public void put(long key, byte[] value) throws IOException {
        try {
            table.put(key, value);
        } catch (SqliteException e) {
            throw new SqliteIoFailure(e);
        }
    }

    @Override
    public boolean delete(long key) throws IOException {
        try {
            boolean present = table.get(key) != null;
            table.delete(key);
            return present;
        } catch (SqliteException e) {
            throw new SqliteIoFailure(e);
        }
    }

    @Override
    public byte[] get(long key) throws IOException {
        try {
            return table.get(key);
        } catch (SqliteException e) {
            throw new SqliteIoFailure(e);
        }
    }

    @Override
    public void commit() throws IOException {
        try {
            connection.exec("COMMIT");
        } catch (SqliteException e) {
            throw new SqliteIoFailure(e);
        }
    }

    @Override
    public void rollback() throws IOException {
        try {
            connection.exec("ROLLBACK");
            if (!tableExists()) {
                table = null; // the creating transaction rolled back: its statements name no table
            }
        } catch (SqliteException e) {
            throw new SqliteIoFailure(e);
        }
    }

    /** {@code PRAGMA wal_checkpoint(TRUNCATE)}: copies the WAL home, syncs the database file, empties the WAL. */
    @Override
    public void checkpoint() throws IOException {
        try {
            String busy = connection.queryText("PRAGMA wal_checkpoint(TRUNCATE)");
            if (!"0".equals(busy)) {
                throw new IOException("PRAGMA wal_checkpoint(TRUNCATE) did not complete (busy=" + busy + ")");
            }
        } catch (SqliteException e) {
            throw new SqliteIoFailure(e);
        }
    }

    @Override
    public ReadView beginRead() throws IOException {
        try {
            if (!tableExists()) {
                return ReadView.of(null);
            }
            if (table == null) {
                table = connection.keyValueTable(TABLE);
            }
            return ReadView.of(table.all());
        } catch (SqliteException e) {
            throw new SqliteIoFailure(e);
        }
    }

    private boolean tableExists() throws SqliteException {
        return !"0".equals(connection.queryText("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '"
                + TABLE + "'"));
    }

    /** {@code PRAGMA integrity_check}: every finding is damage SQLite detected in its b-trees. */
    @Override
    public List<IntegrityIssue> checkIntegrity() throws IOException {
        try {
            List<String> report = connection.integrityCheck();
            return report.equals(List.of("ok")) ? List.of()
                    : report.stream().map(line -> new IntegrityIssue(IntegrityIssue.Kind.CORRUPTION, line)).toList();
        } catch (SqliteException e) {
            throw new SqliteIoFailure(e);
        }
    }

    /** SQLite has no fail-stop: after an I/O error it rolls back and serves the next statement. */
    @Override
    public boolean failed() {
        return false;
    }

    @Override
    public void close() throws IOException {
        table = null;
        try {
            connection.close();
        } catch (SqliteException e) {
            throw new SqliteIoFailure(e);
        }
    }
}
