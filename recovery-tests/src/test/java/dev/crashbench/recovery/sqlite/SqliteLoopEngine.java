package dev.crashbench.recovery.sqlite;

import dev.crashbench.recovery.crashloop.KeyValueCrashLoop;
import dev.crashbench.vfs.Vfs;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * SQLite as {@link KeyValueCrashLoop} drives it: the database {@link #DB} on the disk, opened with
 * the configuration's seed for the workload and the next seed for each recovery, checked with
 * {@code PRAGMA integrity_check}; a {@link SqliteException} is SQLite's report (corrupt when its
 * code says so, refused otherwise).
 */
final class SqliteLoopEngine implements KeyValueCrashLoop.Engine {
    static final String DB = "app.db";

    private final SqliteConfig config;

    SqliteLoopEngine(SqliteConfig config) {
        this.config = config;
    }

    @Override
    public String describe() {
        return config.describe();
    }

    @Override
    public KeyValueCrashLoop.Session open(Vfs disk, String table, boolean recovery) throws Exception {
        SqliteConfig opening = recovery
                ? new SqliteConfig(config.journalMode(), config.synchronous(), config.seed() + 1)
                : config;
        SqliteOnVfs db = SqliteOnVfs.open(disk, DB, opening);
        Session session = new Session(db, table);
        if (!recovery) {
            try {
                session.kv();
            } catch (SqliteException | RuntimeException e) {
                db.close();
                throw e;
            }
        }
        return session;
    }

    @Override
    public Optional<String> classify(Exception e) {
        if (e instanceof SqliteException s) {
            return Optional.of(s.isCorruption() ? "corrupt" : "refused");
        }
        return Optional.empty();
    }

    /**
     * A connection and its table, created at first use: a recovery runs the integrity check on the
     * database as SQLite recovered it, before anything creates the table.
     */
    private static final class Session implements KeyValueCrashLoop.Session {
        private final SqliteOnVfs db;
        private final String table;
        private KeyValueTable kv;

        Session(SqliteOnVfs db, String table) {
            this.db = db;
            this.table = table;
        }

        KeyValueTable kv() throws SqliteException {
            if (kv == null) {
                kv = db.keyValueTable(table);
            }
            return kv;
        }

        @Override
        public void begin() throws SqliteException {
            kv().begin();
        }

        @Override
        public void put(long key, byte[] value) throws SqliteException {
            kv().put(key, value);
        }

        @Override
        public void delete(long key) throws SqliteException {
            kv().delete(key);
        }

        @Override
        public void commit() throws SqliteException {
            kv().commit();
        }

        @Override
        public SortedMap<Long, byte[]> all() throws SqliteException {
            return kv().all();
        }

        @Override
        public List<String> integrityProblems() throws SqliteException {
            List<String> report = db.integrityCheck();
            return report.equals(List.of("ok")) ? List.of() : report;
        }

        @Override
        public void close() throws SqliteException {
            db.close();
        }
    }
}
