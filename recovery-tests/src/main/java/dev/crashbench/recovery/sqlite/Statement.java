package dev.crashbench.recovery.sqlite;

import com.sun.jna.Pointer;

/**
 * One prepared statement of a {@link SqliteOnVfs} connection, reused call after call: bind,
 * step, read columns, reset. Finalized when the connection closes.
 */
final class Statement {
    private final SqliteOnVfs connection;
    private final SqliteLibrary lib;
    private final String sql;
    private Pointer handle;

    Statement(SqliteOnVfs connection, SqliteLibrary lib, String sql, Pointer handle) {
        this.connection = connection;
        this.lib = lib;
        this.sql = sql;
        this.handle = handle;
    }

    Statement bind(int index, long value) throws SqliteException {
        connection.check(lib.sqlite3_bind_int64(handle, index, value), sql);
        return this;
    }

    Statement bind(int index, byte[] value) throws SqliteException {
        connection.check(lib.sqlite3_bind_blob(handle, index, value, value.length, SqliteLibrary.SQLITE_TRANSIENT),
                sql);
        return this;
    }

    /** Steps once: true with a row to read, false when done. On an error the statement is reset. */
    boolean step() throws SqliteException {
        connection.beforeCall();
        try (SqliteTurns.Turn turn = connection.turn()) {
            int rc = lib.sqlite3_step(handle);
            if (rc == SqliteCodes.ROW) {
                return true;
            }
            if (rc == SqliteCodes.DONE) {
                return false;
            }
            SqliteException failure;
            try {
                failure = connection.error(rc, sql); // read before the reset; a power cut is rethrown here
            } finally {
                lib.sqlite3_reset(handle);
            }
            throw failure;
        }
    }

    /** Steps to the end, then resets: for statements that return no rows. */
    void run() throws SqliteException {
        try {
            while (step()) {
                // no rows expected; a statement that returns some just runs to its end
            }
        } finally {
            reset();
        }
    }

    long columnLong(int column) {
        return lib.sqlite3_column_int64(handle, column);
    }

    /** The column's bytes, or null when it is SQL NULL. */
    byte[] columnBlob(int column) {
        if (lib.sqlite3_column_type(handle, column) == SqliteCodes.TYPE_NULL) {
            return null;
        }
        Pointer p = lib.sqlite3_column_blob(handle, column);
        int n = lib.sqlite3_column_bytes(handle, column);
        return p == null || n == 0 ? new byte[0] : p.getByteArray(0, n);
    }

    String columnText(int column) {
        return lib.sqlite3_column_text(handle, column);
    }

    /** Makes the statement ready to run again (its error, if any, was already reported by step). */
    void reset() {
        try (SqliteTurns.Turn turn = connection.turn()) { // ending a read releases locks, through callbacks
            lib.sqlite3_reset(handle);
        }
    }

    void finalizeStatement() {
        if (handle != null) {
            try (SqliteTurns.Turn turn = connection.turn()) {
                lib.sqlite3_finalize(handle);
            }
            handle = null;
        }
    }
}
