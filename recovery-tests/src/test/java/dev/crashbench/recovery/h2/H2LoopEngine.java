package dev.crashbench.recovery.h2;

import dev.crashbench.recovery.crashloop.KeyValueCrashLoop;
import dev.crashbench.vfs.Vfs;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * H2 as {@link KeyValueCrashLoop} drives it: the database {@code app} ({@link #STORE_FILE} on the
 * disk), opened the same way for the workload and for each recovery. H2 has no integrity check of
 * its own over SQL; reading the whole table walks every page of it. An {@link SQLException} is
 * H2's report: corrupt when H2 says the file is corrupted, refused otherwise.
 *
 * <p>With {@code syncDirectoryOnceCreated}, the workload's run syncs the disk's root directory
 * once H2 has created its store file and committed the empty table: what an application must
 * do for H2, which never syncs a directory. It separates the losses that directory entry causes
 * from any other.
 */
final class H2LoopEngine implements KeyValueCrashLoop.Engine {
    static final String DB = "app";
    static final String STORE_FILE = DB + ".mv.db";

    private final H2Config config;
    private final boolean syncDirectoryOnceCreated;

    H2LoopEngine(H2Config config, boolean syncDirectoryOnceCreated) {
        this.config = config;
        this.syncDirectoryOnceCreated = syncDirectoryOnceCreated;
    }

    @Override
    public String describe() {
        return "H2 " + org.h2.engine.Constants.FULL_VERSION + " " + config.describe()
                + (syncDirectoryOnceCreated ? " (directory synced once the store exists)" : "");
    }

    @Override
    public KeyValueCrashLoop.Session open(Vfs disk, String table, boolean recovery) throws Exception {
        H2OnVfs db = H2OnVfs.open(disk, DB, config);
        try {
            Session session = new Session(db, db.keyValueTable(table));
            if (syncDirectoryOnceCreated && !recovery) {
                // the store file's directory entry: without this sync a power cut may lose the whole file
                disk.syncDirectory("");
            }
            return session;
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public Optional<String> classify(Exception e) {
        if (e instanceof SQLException s) {
            return Optional.of(H2OnVfs.isCorruption(s) ? "corrupt" : "refused");
        }
        return Optional.empty();
    }

    private record Session(H2OnVfs db, H2KeyValueTable kv) implements KeyValueCrashLoop.Session {
        @Override
        public void begin() {
            kv.begin();
        }

        @Override
        public void put(long key, byte[] value) throws SQLException {
            kv.put(key, value);
        }

        @Override
        public void delete(long key) throws SQLException {
            kv.delete(key);
        }

        @Override
        public void commit() throws SQLException {
            kv.commit();
        }

        @Override
        public SortedMap<Long, byte[]> all() throws SQLException {
            return kv.all();
        }

        @Override
        public List<String> integrityProblems() {
            return List.of();
        }

        @Override
        public void close() throws SQLException {
            db.close();
        }
    }
}
