package dev.crashbench.recovery.h2;

import dev.crashbench.spi.EngineSession;
import dev.crashbench.spi.ReadView;
import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One H2 connection as an engine session: the key space is the table {@link #TABLE}
 * ({@link H2KeyValueTable}).
 *
 * <p>H2 commits before every {@code CREATE TABLE}, so a table cannot appear in the same commit as
 * its first rows. The key space therefore exists when the marker row of table {@link #MARKER} does:
 * both tables are created (empty) at {@link #create()}, and the marker row is inserted in the
 * creating transaction, so it is durable exactly when that commit is.
 *
 * <p>A read view is a copy of the table taken when it begins (one connection: a copy is the snapshot
 * that stays fixed while commits go on).
 */
public final class H2Session implements EngineSession {
    /** The table that holds the key space. */
    public static final String TABLE = "kv";
    /** The table whose one row says the key space exists. */
    static final String MARKER = "keyspace";

    private final H2OnVfs db;
    private H2KeyValueTable table;

    private H2Session(H2OnVfs db) {
        this.db = db;
    }

    static H2Session open(Vfs vfs, String path, H2Config config) throws SQLException {
        return new H2Session(H2OnVfs.open(vfs, path, config));
    }

    @Override
    public void create() throws IOException {
        try {
            table = db.keyValueTable(TABLE);
            update("CREATE TABLE IF NOT EXISTS " + MARKER + "(id INT PRIMARY KEY)");
            table.begin();
            update("INSERT INTO " + MARKER + " VALUES (1)");
        } catch (SQLException e) {
            throw new H2IoFailure(e);
        }
    }

    @Override
    public void begin() throws IOException {
        try {
            if (table == null) {
                table = db.keyValueTable(TABLE);
            }
            table.begin();
        } catch (SQLException e) {
            throw new H2IoFailure(e);
        }
    }

    @Override
    public void put(long key, byte[] value) throws IOException {
        try {
            table.put(key, value);
        } catch (SQLException e) {
            throw new H2IoFailure(e);
        }
    }

    @Override
    public boolean delete(long key) throws IOException {
        try {
            boolean present = table.get(key) != null;
            table.delete(key);
            return present;
        } catch (SQLException e) {
            throw new H2IoFailure(e);
        }
    }

    @Override
    public byte[] get(long key) throws IOException {
        try {
            return table.get(key);
        } catch (SQLException e) {
            throw new H2IoFailure(e);
        }
    }

    /** Commits; with {@code checkpoint_sync=true}, then {@code CHECKPOINT SYNC} ({@link H2KeyValueTable#commit()}). */
    @Override
    public void commit() throws IOException {
        try {
            table.commit();
        } catch (SQLException e) {
            throw new H2IoFailure(e);
        }
    }

    @Override
    public void rollback() throws IOException {
        try {
            table.rollback();
        } catch (SQLException e) {
            throw new H2IoFailure(e);
        }
    }

    /** {@code CHECKPOINT SYNC}: writes what is unsaved and syncs the store file. */
    @Override
    public void checkpoint() throws IOException {
        try {
            update("CHECKPOINT SYNC");
        } catch (SQLException e) {
            throw new H2IoFailure(e);
        }
    }

    @Override
    public ReadView beginRead() throws IOException {
        try {
            if (!keySpaceExists()) {
                return ReadView.of(null);
            }
            if (table == null) {
                table = db.keyValueTable(TABLE);
            }
            return ReadView.of(table.all());
        } catch (SQLException e) {
            throw new H2IoFailure(e);
        }
    }

    private boolean keySpaceExists() throws SQLException {
        return db.call(() -> {
            try (Statement s = db.connection().createStatement();
                 ResultSet tables = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = '"
                         + MARKER.toUpperCase(java.util.Locale.ROOT) + "'")) {
                tables.next();
                if (tables.getLong(1) == 0) {
                    return false;
                }
            }
            try (Statement s = db.connection().createStatement();
                 ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM " + MARKER)) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        });
    }

    private void update(String sql) throws SQLException {
        db.call(() -> {
            try (Statement s = db.connection().createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    /** H2 closes its store after a failed write or sync; then every call fails with "database is closed". */
    @Override
    public boolean failed() {
        return false;
    }

    /** Closes the connection without a checkpoint of ours (H2 writes what is unsaved, as it does at close). */
    @Override
    public void close() throws IOException {
        table = null;
        try {
            db.close();
        } catch (SQLException e) {
            throw new H2IoFailure(e);
        }
    }
}
