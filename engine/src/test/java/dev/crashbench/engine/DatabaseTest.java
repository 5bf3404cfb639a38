package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.big;
import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.get;
import static dev.crashbench.engine.TestDb.put;
import static dev.crashbench.engine.TestDb.rows;
import static dev.crashbench.engine.TestDb.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.pager.DbHeader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The life of a database on the real file system: create, commit, roll back, close, reopen. */
class DatabaseTest {

    @Test
    void committedDataSurvivesCloseAndReopen() throws IOException {
        TestDb files = TestDb.fresh("reopen");
        try (Database db = files.open()) {
            try (WriteTransaction w = db.beginWrite()) {
                Table a = w.createTable("a");
                Table b = w.createTable("b");
                for (long k = 0; k < 300; k++) {
                    a.put(k, bytes("a" + k));
                }
                b.put(-5, big(20_000, 1));
                b.put(Long.MAX_VALUE, new byte[0]);
                w.commit();
            }
            try (WriteTransaction w = db.beginWrite()) {
                Table a = w.table("a");
                for (long k = 0; k < 300; k += 3) {
                    assertTrue(a.delete(k));
                }
                a.put(1, bytes("one"));
                w.commit();
            }
        }
        try (Database db = files.open(); ReadTransaction r = db.beginRead()) {
            assertEquals(List.of("a", "b"), r.tableNames());
            Map<Long, String> a = rows(r, "a");
            assertEquals(200, a.size());
            assertEquals("one", a.get(1L));
            assertEquals("a2", a.get(2L));
            assertNull(a.get(3L));
            assertArrayEquals(big(20_000, 1), r.table("b").get(-5));
            assertArrayEquals(new byte[0], r.table("b").get(Long.MAX_VALUE));
            assertEquals(List.of(), db.checkIntegrity());
        }
    }

    @Test
    void openWithoutCreateNeedsAnExistingDatabase() throws IOException {
        TestDb files = TestDb.fresh("no-create");
        assertThrows(FileNotFoundException.class, () -> files.open(EngineOptions.defaults().withCreate(false)));
        assertFalse(Files.exists(files.dbFile()), "nothing was created");
        files.open().close();
        try (Database db = files.open(EngineOptions.defaults().withCreate(false))) {
            assertEquals(1, db.header().pageCount());
        }
    }

    @Test
    void rollbackDiscardsEveryChangeAndReleasesTheWriter() throws IOException {
        TestDb files = TestDb.fresh("rollback");
        try (Database db = files.open()) {
            put(db, "t", 1, bytes("kept"));
            int pages = db.header().pageCount();
            int frames = db.walFrames();
            WriteTransaction w = db.beginWrite();
            w.table("t").put(1, bytes("changed"));
            w.table("t").put(2, big(30_000, 2));
            w.createTable("u");
            w.rollback();
            assertFalse(w.isOpen());
            assertThrows(IllegalStateException.class, () -> w.table("t"));
            assertThrows(IllegalStateException.class, w::commit);
            assertEquals(pages, db.header().pageCount(), "pages allocated by the rolled-back transaction are gone");
            assertEquals(frames, db.walFrames());
            try (WriteTransaction again = db.beginWrite()) { // the same thread may write again
                assertEquals("kept", string(again.table("t").get(1)));
                assertNull(again.table("t").get(2));
                assertFalse(again.hasTable("u"));
            }
        }
        try (Database db = files.open()) {
            assertEquals("kept", string(get(db, "t", 1)));
        }
    }

    @Test
    void closingWithAnOpenWriteTransactionRollsItBack() throws IOException {
        TestDb files = TestDb.fresh("close-open-write");
        WriteTransaction w;
        try (Database db = files.open()) {
            put(db, "t", 1, bytes("kept"));
            w = db.beginWrite();
            w.table("t").put(1, bytes("lost"));
            w.table("t").put(2, bytes("lost"));
        }
        assertFalse(w.isOpen());
        assertThrows(IllegalStateException.class, w::commit);
        try (Database db = files.open(); ReadTransaction r = db.beginRead()) {
            assertEquals(Map.of(1L, "kept"), rows(r, "t"));
            db.beginWrite().close(); // the writer lock is free
        }
    }

    @Test
    void aClosedDatabaseRefusesNewTransactions() throws IOException {
        Database db = TestDb.fresh("closed").open();
        db.close();
        db.close(); // twice is harmless
        assertThrows(IllegalStateException.class, db::beginWrite);
        assertThrows(IllegalStateException.class, db::beginRead);
        assertThrows(IllegalStateException.class, db::checkpoint);
    }

    /**
     * A WAL left next to a missing database file belongs to some earlier database. Creating a new,
     * empty database at that path must not replay it.
     */
    @Test
    void aNewDatabaseDoesNotAdoptALeftoverWal() throws IOException {
        TestDb files = TestDb.fresh("leftover-wal");
        try (Database db = files.open()) {
            put(db, "old", 1, bytes("from the deleted database"));
        }
        Files.delete(files.dbFile());
        try (Database db = files.open(); ReadTransaction r = db.beginRead()) {
            assertEquals(List.of(), r.tableNames());
            assertEquals(DbHeader.empty(), db.header());
        }
    }

    @Test
    void anEmptyCommitWritesNothing() throws IOException {
        TestDb files = TestDb.fresh("empty-commit");
        try (Database db = files.open()) {
            put(db, "t", 1, bytes("x"));
            int frames = db.walFrames();
            byte[] wal = Files.readAllBytes(files.walFile());
            try (WriteTransaction w = db.beginWrite()) {
                w.commit();
            }
            try (WriteTransaction w = db.beginWrite()) {
                assertEquals("x", string(w.table("t").get(1)));
                assertEquals(List.of("t"), w.tableNames());
                w.commit();
            }
            try (WriteTransaction w = db.beginWrite()) {
                assertFalse(w.table("t").delete(99), "deleting a missing key changes nothing");
                w.commit();
            }
            assertEquals(frames, db.walFrames());
            assertArrayEquals(wal, Files.readAllBytes(files.walFile()), "the WAL file is byte for byte the same");
        }
    }

    @Test
    void aThreadCannotBeginASecondWriteOrCheckpointInsideItsOwnWrite() throws IOException {
        try (Database db = TestDb.fresh("double-begin").open()) {
            try (WriteTransaction w = db.beginWrite()) {
                IllegalStateException e = assertThrows(IllegalStateException.class, db::beginWrite);
                assertTrue(e.getMessage().contains("already"), e.getMessage());
                assertThrows(IllegalStateException.class, db::checkpoint);
                w.createTable("t").put(1, bytes("still usable"));
                w.commit();
            }
            assertEquals("still usable", string(get(db, "t", 1)));
        }
    }

    @Test
    void aReadTransactionCannotWriteAndEndedTransactionsRefuseWork() throws IOException {
        try (Database db = TestDb.fresh("read-only").open()) {
            put(db, "t", 1, bytes("x"));
            ReadTransaction r = db.beginRead();
            Table t = r.table("t");
            assertThrows(IllegalStateException.class, () -> t.put(2, bytes("y")));
            assertThrows(IllegalStateException.class, () -> t.delete(1));
            assertThrows(IllegalArgumentException.class, () -> r.table("missing"));
            r.close();
            assertThrows(IllegalStateException.class, () -> t.get(1));

            WriteTransaction w = db.beginWrite();
            Table wt = w.table("t");
            w.commit();
            assertThrows(IllegalStateException.class, () -> wt.put(3, bytes("z")));
            assertThrows(IllegalStateException.class, w::commit);
        }
    }

    @Test
    void tablesAreCreatedAndDroppedTransactionally() throws IOException {
        TestDb files = TestDb.fresh("ddl");
        try (Database db = files.open()) {
            try (WriteTransaction w = db.beginWrite()) {
                w.createTable("x").put(1, bytes("1"));
                w.createTable("y").put(1, big(10_000, 3));
                assertThrows(IllegalArgumentException.class, () -> w.createTable("x"));
                assertThrows(IllegalArgumentException.class, () -> w.createTable(""));
                w.commit();
            }
            try (WriteTransaction w = db.beginWrite()) {
                assertTrue(w.dropTable("y"));
                assertFalse(w.dropTable("nope"));
                w.commit();
            }
            assertEquals(List.of(), db.checkIntegrity());
        }
        try (Database db = files.open(); ReadTransaction r = db.beginRead()) {
            assertEquals(List.of("x"), r.tableNames());
            assertTrue(db.header().freePageCount() > 0, "y's pages are on the free list");
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void everyDurabilityRoundTripsDataAcrossReopen(Durability durability) throws IOException {
        TestDb files = TestDb.fresh("durability-" + durability);
        EngineOptions options = EngineOptions.defaults().withDurability(durability).withAutoCheckpointFrames(20);
        try (Database db = files.open(options)) {
            for (long k = 0; k < 60; k++) {
                put(db, "t", k, bytes("v" + k + "-" + durability));
            }
            put(db, "t", 1000, big(50_000, 9));
        }
        try (Database db = files.open(options); ReadTransaction r = db.beginRead()) {
            Map<Long, String> rows = rows(r, "t");
            assertEquals(61, rows.size());
            assertEquals("v59-" + durability, rows.get(59L));
            assertArrayEquals(big(50_000, 9), r.table("t").get(1000));
            assertEquals(List.of(), db.checkIntegrity());
        }
    }
}
