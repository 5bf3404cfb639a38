package dev.crashbench.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.vfs.FileLockedException;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * One engine per database file: a second {@link Database#open} is refused while the first is open,
 * in this process as in another ({@link LockProcessTest}), through the engine and through JDBC.
 */
class DatabaseLockTest {
    private static final byte[] VALUE = TestDb.bytes("kept");

    @Test
    void aSecondOpeningIsRefusedUntilTheFirstCloses() throws IOException {
        TestDb db = TestDb.fresh("db-lock");
        try (Database first = db.open()) {
            commitOne(first);
            DatabaseLockedException refused = assertThrows(DatabaseLockedException.class, db::open);
            assertEquals(TestDb.NAME, refused.path());
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), refused.holderPid());
            assertTrue(refused.getMessage().contains("database " + TestDb.NAME + " is in use"), refused.getMessage());
            assertTrue(refused.getCause() instanceof FileLockedException);
        }
        try (Database again = db.open(); ReadTransaction read = again.beginRead()) {
            assertArrayEquals(VALUE, read.table("t").get(1));
        }
    }

    @Test
    void aFailedOpenKeepsNoLock() throws IOException {
        TestDb db = TestDb.fresh("db-lock-failed");
        Files.write(db.dbFile(), new byte[8192]); // no valid header, no WAL: refused as corrupt
        assertThrows(CorruptDatabaseException.class, db::open);
        try (VfsFile file = db.vfs.open(TestDb.NAME)) {
            file.tryLockExclusive();
        }
    }

    @Test
    void aMemoryDatabaseIsLockedToo() throws IOException {
        MemoryVfs vfs = new MemoryVfs("lock");
        try (Database first = Database.open(vfs, "m.db")) {
            assertThrows(DatabaseLockedException.class, () -> Database.open(vfs, "m.db"));
        }
        Database.open(vfs, "m.db").close();
    }

    @Test
    void jdbcReportsAHeldDatabaseAs55P03AndItsConnectionsShareOneEngine() throws Exception {
        TestDb db = TestDb.fresh("db-lock-jdbc");
        String url = "jdbc:crashbench:" + db.dbFile();
        try (Database held = db.open()) {
            SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
            assertEquals(DatabaseLockedException.SQL_STATE, refused.getSQLState());
            assertTrue(refused.getMessage().contains(db.dbFile().toString()), refused.getMessage());
            assertTrue(refused.getMessage().contains("pid " + ProcessHandle.current().pid()), refused.getMessage());
        }
        try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
            a.createStatement().executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            a.createStatement().executeUpdate("INSERT INTO t VALUES (1, 'x')");
            try (var rows = b.createStatement().executeQuery("SELECT v FROM t WHERE id = 1")) {
                assertTrue(rows.next(), "the second connection shares the first one's engine");
            }
            assertThrows(DatabaseLockedException.class, db::open, "the engine JDBC shares holds the lock");
        }
    }

    static void commitOne(Database database) throws IOException {
        try (WriteTransaction tx = database.beginWrite()) {
            tx.createTable("t").put(1, VALUE);
            tx.commit();
        }
    }
}
