package dev.crashbench.recovery.sqlite;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.crashbench.vfs.Vfs;

import java.util.ArrayList;
import java.util.List;

/**
 * One connection of the system's SQLite to a database on a crashbench {@link Vfs}, through a
 * {@link SqliteVfs}: open (which recovers, as SQLite always does), run SQL, use a key/value table
 * ({@link #keyValueTable}), close.
 *
 * <p>Set-up, in this order, before the database is read: extended result codes on; SQLite's
 * process-wide random number generator reseeded from the config's seed at every turn (it makes WAL
 * salts and journal nonces; left alone it would draw from {@code /dev/urandom} once per process,
 * and a run would not repeat); for WAL, {@code PRAGMA locking_mode=EXCLUSIVE} (the VFS has no shared
 * memory, and in exclusive mode SQLite keeps the wal-index in heap memory); then
 * {@code journal_mode} (checked: SQLite answers with the mode it took) and {@code synchronous}.
 * The rollback-journal modes keep SQLite's normal locking, since in exclusive mode SQLite never
 * deletes a DELETE-mode journal (it zeroes its header instead).
 *
 * <p>Errors: SQLite's come out as {@link SqliteException}. A power cut, or any unchecked exception
 * the {@code Vfs} threw inside a callback, comes out as it was thrown once the failing call has
 * returned, and again from every later call but {@link #close()}: the connection is dead.
 *
 * <p>SQLite's random number generator is one per process: every call that may run SQLite's pager
 * is made in a turn of the registration ({@link SqliteTurns}), which reseeds it from the config's
 * seed and the turn's number, so a connection draws the same numbers whatever other connections do.
 *
 * <p>Not thread-safe: one thread uses a connection at a time.
 */
public final class SqliteOnVfs implements AutoCloseable {
    private final SqliteLibrary lib;
    private final SqliteVfs registration;
    private final boolean ownsRegistration;
    private final SqliteConfig config;
    private final List<Statement> statements = new ArrayList<>();
    private Pointer db;

    private SqliteOnVfs(SqliteVfs registration, boolean ownsRegistration, SqliteConfig config) {
        this.lib = SqliteNative.library();
        this.registration = registration;
        this.ownsRegistration = ownsRegistration;
        this.config = config;
    }

    /**
     * Opens (creating it if missing) database {@code dbName} on {@code vfs} through a VFS
     * registration of its own, which {@link #close()} unregisters.
     *
     * @throws IllegalStateException when SQLite is not available ({@link SqliteNative#unavailableReason()})
     */
    public static SqliteOnVfs open(Vfs vfs, String dbName, SqliteConfig config) throws SqliteException {
        SqliteVfs registration = SqliteVfs.register(vfs, config.seed());
        return open(registration, true, dbName, config);
    }

    /**
     * Opens {@code dbName} through an existing registration, which other connections may share and
     * which stays registered when this connection closes.
     */
    public static SqliteOnVfs open(SqliteVfs registration, String dbName, SqliteConfig config) throws SqliteException {
        return open(registration, false, dbName, config);
    }

    private static SqliteOnVfs open(SqliteVfs registration, boolean owns, String dbName, SqliteConfig config)
            throws SqliteException {
        SqliteOnVfs connection = new SqliteOnVfs(registration, owns, config);
        boolean done = false;
        try {
            connection.setUp(dbName);
            done = true;
            return connection;
        } finally {
            if (!done) {
                connection.release();
            }
        }
    }

    private void setUp(String dbName) throws SqliteException {
        try (SqliteTurns.Turn turn = registration.turn()) {
            setUpInTurn(dbName);
        }
    }

    private void setUpInTurn(String dbName) throws SqliteException {
        registration.rethrowEscaped();
        PointerByReference handle = new PointerByReference();
        int rc = lib.sqlite3_open_v2(dbName, handle, SqliteCodes.OPEN_READWRITE | SqliteCodes.OPEN_CREATE,
                registration.name());
        db = handle.getValue();
        check(rc, "sqlite3_open_v2(" + dbName + ", vfs " + registration.name() + ")");
        lib.sqlite3_extended_result_codes(db, 1);
        if (config.journalMode() == SqliteConfig.JournalMode.WAL) {
            exec("PRAGMA locking_mode=EXCLUSIVE");
        }
        String mode = queryText("PRAGMA journal_mode=" + config.journalMode().pragmaValue());
        if (!config.journalMode().pragmaValue().equalsIgnoreCase(mode)) {
            throw new SqliteException("PRAGMA journal_mode", SqliteCodes.ERROR,
                    "SQLite kept journal_mode=" + mode + " instead of " + config.journalMode().pragmaValue());
        }
        exec("PRAGMA synchronous=" + config.synchronous().pragmaValue());
    }

    public SqliteConfig config() {
        return config;
    }

    /** The VFS registration this connection's files go through. */
    public SqliteVfs registration() {
        return registration;
    }

    /** Runs SQL that returns no rows we read (several statements allowed). */
    public void exec(String sql) throws SqliteException {
        beforeCall();
        try (SqliteTurns.Turn turn = registration.turn()) {
            check(lib.sqlite3_exec(db, sql, null, null, null), sql);
        }
    }

    /**
     * Closing will not checkpoint: in WAL mode SQLite otherwise checkpoints, syncs and deletes the
     * WAL when the last connection closes, and a close must leave the files as a crash would
     * ({@code SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE}).
     */
    public void keepWalAtClose() throws SqliteException {
        beforeCall();
        check(lib.sqlite3_db_config(db, SqliteCodes.DBCONFIG_NO_CKPT_ON_CLOSE, 1, Pointer.NULL),
                "sqlite3_db_config(SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE)");
    }

    /** The first column of every row {@code sql} returns, as text. */
    public List<String> queryTexts(String sql) throws SqliteException {
        Statement statement = prepareOnce(sql);
        try {
            List<String> out = new ArrayList<>();
            while (statement.step()) {
                out.add(statement.columnText(0));
            }
            return out;
        } finally {
            statement.finalizeStatement();
        }
    }

    /** The first column of the first row as text, or null when there is none. */
    public String queryText(String sql) throws SqliteException {
        List<String> rows = queryTexts(sql);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * {@code PRAGMA integrity_check}: {@code ["ok"]} for a sound database, else SQLite's findings.
     * SQLite reports a page it could not read as a finding ("unable to get the page"); when the
     * {@code Vfs} failed a read meanwhile, that is an I/O error, not damage, and is thrown as one.
     *
     * @throws SqliteException {@code SQLITE_IOERR_READ} when the check met an I/O error of the disk
     */
    public List<String> integrityCheck() throws SqliteException {
        long errorsBefore = registration.ioErrors();
        List<String> report = queryTexts("PRAGMA integrity_check");
        if (registration.ioErrors() != errorsBefore) {
            throw new SqliteException("PRAGMA integrity_check", SqliteCodes.IOERR_READ,
                    "the disk failed while SQLite checked it (" + registration.lastError() + "); it reports " + report);
        }
        return report;
    }

    /** A key/value table named {@code table} (letters, digits and underscores), created if missing. */
    public KeyValueTable keyValueTable(String table) throws SqliteException {
        return new KeyValueTable(this, table);
    }

    /** A statement kept until the connection closes. */
    Statement prepare(String sql) throws SqliteException {
        Statement statement = prepareOnce(sql);
        statements.add(statement);
        return statement;
    }

    private Statement prepareOnce(String sql) throws SqliteException {
        beforeCall();
        PointerByReference handle = new PointerByReference();
        try (SqliteTurns.Turn turn = registration.turn()) {
            check(lib.sqlite3_prepare_v2(db, sql, -1, handle, null), sql);
        }
        return new Statement(this, lib, sql, handle.getValue());
    }

    /** Fail-stop: a connection whose VFS saw a power cut refuses every call. */
    void beforeCall() {
        if (db == null) {
            throw new IllegalStateException("connection is closed");
        }
        registration.rethrowEscaped();
    }

    /** Throws what {@code rc} means unless it is a success code. */
    void check(int rc, String operation) throws SqliteException {
        if (rc != SqliteCodes.OK && rc != SqliteCodes.ROW && rc != SqliteCodes.DONE) {
            throw error(rc, operation);
        }
        registration.rethrowEscaped();
    }

    /**
     * The exception for a failed call: the escaped power cut (thrown from here) if there is one,
     * since it is why SQLite failed; else SQLite's error.
     */
    SqliteException error(int rc, String operation) {
        registration.rethrowEscaped();
        if (db == null) {
            return new SqliteException(operation, rc, lib.sqlite3_errstr(rc));
        }
        return new SqliteException(operation, lib.sqlite3_extended_errcode(db), lib.sqlite3_errmsg(db));
    }

    /**
     * Closes the connection (SQLite rolls back an open transaction; in WAL mode it checkpoints and
     * deletes the WAL) and unregisters its own VFS registration. After a power cut it still frees
     * everything, and throws only if the cut struck during the close itself.
     */
    @Override
    public void close() throws SqliteException {
        if (db == null) {
            return;
        }
        boolean escapedBeforeClose = registration.escaped() != null;
        int rc = release();
        if (!escapedBeforeClose) {
            registration.rethrowEscaped();
            if (rc != SqliteCodes.OK) {
                throw new SqliteException("sqlite3_close_v2", rc, lib.sqlite3_errstr(rc));
            }
        }
    }

    /** Frees the statements, the connection and an owned registration; returns close's result code. */
    private int release() {
        try (SqliteTurns.Turn turn = registration.turn()) {
            return releaseInTurn();
        }
    }

    /** A turn at SQLite ({@link SqliteTurns}) for a call of this connection's statements. */
    SqliteTurns.Turn turn() {
        return registration.turn();
    }

    private int releaseInTurn() {
        for (Statement s : statements) {
            s.finalizeStatement();
        }
        statements.clear();
        int rc = SqliteCodes.OK;
        if (db != null) {
            rc = lib.sqlite3_close_v2(db);
            db = null;
        }
        if (ownsRegistration) {
            registration.close();
        }
        return rc;
    }
}
