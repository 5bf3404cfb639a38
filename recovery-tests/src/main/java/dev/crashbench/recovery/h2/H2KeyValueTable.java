package dev.crashbench.recovery.h2;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A table of signed 64-bit keys and byte-array values in an {@link H2OnVfs} database
 * ({@code k BIGINT PRIMARY KEY, v VARBINARY NOT NULL}), with explicit transactions: what a crash
 * campaign's workload does to any engine. Statements are prepared once and reused. Every call
 * goes through {@link H2OnVfs#call}, so a power cut under H2 comes out as it was thrown.
 */
public final class H2KeyValueTable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final H2OnVfs db;
    private final String table;
    private final PreparedStatement put;
    private final PreparedStatement delete;
    private final PreparedStatement get;
    private final PreparedStatement all;

    H2KeyValueTable(H2OnVfs db, String table) throws SQLException {
        if (!NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("table name must be letters, digits and underscores: " + table);
        }
        this.db = db;
        this.table = table;
        Connection c = db.connection();
        db.call(() -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + table + "(k BIGINT PRIMARY KEY, v VARBINARY NOT NULL)");
            }
            return null;
        });
        commit();
        this.put = db.call(() -> c.prepareStatement("MERGE INTO " + table + "(k, v) KEY(k) VALUES (?, ?)"));
        this.delete = db.call(() -> c.prepareStatement("DELETE FROM " + table + " WHERE k = ?"));
        this.get = db.call(() -> c.prepareStatement("SELECT v FROM " + table + " WHERE k = ?"));
        this.all = db.call(() -> c.prepareStatement("SELECT k, v FROM " + table + " ORDER BY k"));
    }

    /** The table's name. */
    public String name() {
        return table;
    }

    /** Starts a transaction: nothing to send, since the connection never auto-commits (H2 begins at the first statement). */
    public void begin() {
        db.checkOpen();
    }

    /**
     * Commits; with {@link H2Config#checkpointSync()}, then {@code CHECKPOINT SYNC}. Once this
     * returns, the transaction is as durable as the configuration promises.
     */
    public void commit() throws SQLException {
        db.call(() -> {
            db.connection().commit();
            if (db.config().checkpointSync()) {
                try (Statement s = db.connection().createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
            }
            return null;
        });
    }

    public void rollback() throws SQLException {
        db.call(() -> {
            db.connection().rollback();
            return null;
        });
    }

    /** Sets the value of {@code key} (inserting or replacing). */
    public void put(long key, byte[] value) throws SQLException {
        db.call(() -> {
            put.setLong(1, key);
            put.setBytes(2, value);
            return put.executeUpdate();
        });
    }

    /** Removes {@code key}; nothing happens when it is absent. */
    public void delete(long key) throws SQLException {
        db.call(() -> {
            delete.setLong(1, key);
            return delete.executeUpdate();
        });
    }

    /** The value of {@code key}, or null when it is absent. */
    public byte[] get(long key) throws SQLException {
        return db.call(() -> {
            get.setLong(1, key);
            try (ResultSet rs = get.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        });
    }

    /** Every key and value, in key order. */
    public SortedMap<Long, byte[]> all() throws SQLException {
        return db.call(() -> {
            TreeMap<Long, byte[]> out = new TreeMap<>();
            try (ResultSet rs = all.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getBytes(2));
                }
            }
            return Collections.unmodifiableSortedMap(out);
        });
    }
}
