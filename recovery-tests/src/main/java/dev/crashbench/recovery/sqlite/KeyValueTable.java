package dev.crashbench.recovery.sqlite;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A table of signed 64-bit keys and byte-array values in a {@link SqliteOnVfs} database
 * ({@code k INTEGER PRIMARY KEY, v BLOB NOT NULL}), with explicit transactions: what a crash
 * campaign's workload does to any engine. Statements are prepared once and reused.
 */
public final class KeyValueTable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final SqliteOnVfs connection;
    private final String table;
    private final Statement put;
    private final Statement delete;
    private final Statement get;
    private final Statement all;

    KeyValueTable(SqliteOnVfs connection, String table) throws SqliteException {
        if (!NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("table name must be letters, digits and underscores: " + table);
        }
        this.connection = connection;
        this.table = table;
        connection.exec("CREATE TABLE IF NOT EXISTS " + table + "(k INTEGER PRIMARY KEY, v BLOB NOT NULL)");
        this.put = connection.prepare("INSERT OR REPLACE INTO " + table + "(k, v) VALUES (?1, ?2)");
        this.delete = connection.prepare("DELETE FROM " + table + " WHERE k = ?1");
        this.get = connection.prepare("SELECT v FROM " + table + " WHERE k = ?1");
        this.all = connection.prepare("SELECT k, v FROM " + table + " ORDER BY k");
    }

    public String name() {
        return table;
    }

    /** Starts a transaction; SQLite takes the write lock at the first write. */
    public void begin() throws SqliteException {
        connection.exec("BEGIN");
    }

    /** Commits: once this returns, the transaction is as durable as the configuration promises. */
    public void commit() throws SqliteException {
        connection.exec("COMMIT");
    }

    public void rollback() throws SqliteException {
        connection.exec("ROLLBACK");
    }

    /** Sets the value of {@code key} (inserting or replacing). */
    public void put(long key, byte[] value) throws SqliteException {
        put.bind(1, key).bind(2, value).run();
    }

    /** Removes {@code key}; nothing happens when it is absent. */
    public void delete(long key) throws SqliteException {
        delete.bind(1, key).run();
    }

    /** The value of {@code key}, or null when it is absent. */
    public byte[] get(long key) throws SqliteException {
        try {
            get.bind(1, key);
            return get.step() ? get.columnBlob(0) : null;
        } finally {
            get.reset();
        }
    }

    /** Every key and value, in key order. */
    public SortedMap<Long, byte[]> all() throws SqliteException {
        TreeMap<Long, byte[]> out = new TreeMap<>();
        try {
            while (all.step()) {
                out.put(all.columnLong(0), all.columnBlob(1));
            }
        } finally {
            all.reset();
        }
        return Collections.unmodifiableSortedMap(out);
    }
}
