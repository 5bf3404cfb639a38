package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every transaction of an opening finds tables through one decoded catalog
 * ({@link dev.crashbench.engine.catalog.CatalogCache}), keyed by the catalog page's content: a
 * commit of data keeps it, and a snapshot never sees a catalog other than its own, whoever decoded
 * the newer one first.
 */
class SharedCatalogTest {
    private static Database open(String name, boolean writerReuse) throws IOException {
        return Database.open(new MemoryVfs(name), "db", EngineOptions.defaults().with("writer_reuse", String.valueOf(writerReuse)));
    }

    private static void createTable(Database db, String name) throws IOException {
        try (WriteTransaction w = db.beginWrite()) {
            w.createTable(name).put(1, bytes(name));
            w.commit();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readersOfTheSameCatalogShareOneDecodeAcrossDataCommits(boolean writerReuse) throws IOException {
        try (Database db = open("shared-" + writerReuse, writerReuse)) {
            createTable(db, "t");
            try (ReadTransaction first = db.beginRead()) {
                try (WriteTransaction w = db.beginWrite()) {
                    w.table("t").put(2, bytes("data only"));
                    w.commit();
                }
                try (ReadTransaction second = db.beginRead()) {
                    assertSame(first.catalog(), second.catalog(), "a data commit leaves the catalog page as it was");
                    assertEquals(2, second.table("t").count());
                    assertEquals(1, first.table("t").count());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anOlderSnapshotKeepsItsOwnCatalogAfterANewerOneWasDecoded(boolean writerReuse) throws IOException {
        try (Database db = open("older-" + writerReuse, writerReuse)) {
            createTable(db, "t");
            try (ReadTransaction old = db.beginRead()) {
                old.catalog(); // cached: the catalog with t alone
                createTable(db, "u");
                try (ReadTransaction newer = db.beginRead()) {
                    assertEquals(List.of("t", "u"), newer.tableNames());
                    assertNotSame(old.catalog(), newer.catalog());
                }
                try (ReadTransaction old2 = db.beginRead()) {
                    assertTrue(old2.hasTable("u"));
                }
                // The negative control: the cache now holds the newer catalog, and the old snapshot must not take it.
                assertEquals(List.of("t"), old.tableNames());
                assertFalse(old.hasTable("u"));
                assertThrows(IllegalArgumentException.class, () -> old.table("u"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWritersUncommittedTableIsItsAloneAndGoesWithItsRollback(boolean writerReuse) throws IOException {
        try (Database db = open("uncommitted-" + writerReuse, writerReuse)) {
            createTable(db, "t");
            WriteTransaction w = db.beginWrite();
            w.createTable("draft").put(1, bytes("x"));
            assertTrue(w.hasTable("draft"));
            try (ReadTransaction during = db.beginRead()) {
                assertFalse(during.hasTable("draft"), "a reader must not see the writer's uncommitted DDL");
                assertEquals(List.of("t"), during.tableNames());
            }
            assertTrue(w.hasTable("draft"), "the writer still sees its own DDL after a reader decoded the committed catalog");
            w.rollback();
            try (ReadTransaction after = db.beginRead(); WriteTransaction next = db.beginWrite()) {
                assertFalse(after.hasTable("draft"));
                assertFalse(next.hasTable("draft"));
                assertEquals(List.of("t"), next.tableNames());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDroppedTableIsGoneFromLaterSnapshotsAndStaysInOlderOnes(boolean writerReuse) throws IOException {
        try (Database db = open("drop-" + writerReuse, writerReuse)) {
            createTable(db, "t");
            createTable(db, "u");
            try (ReadTransaction before = db.beginRead()) {
                before.catalog();
                try (WriteTransaction w = db.beginWrite()) {
                    assertTrue(w.dropTable("u"));
                    w.commit();
                }
                try (ReadTransaction after = db.beginRead()) {
                    assertFalse(after.hasTable("u"));
                }
                assertTrue(before.hasTable("u"));
                assertEquals(1, before.table("u").count());
            }
        }
    }
}
