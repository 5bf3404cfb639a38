package dev.crashbench.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code writer_reuse}: every write transaction runs on one object with one set of pages and a
 * catalog cache, yet each begins on the newest commit with nothing of the last one left over, a
 * handle is usable only in the transaction that returned it, and the catalog cache follows creates
 * and drops, committed or rolled back. Plus {@code single_page_fast_path}: which commits take it.
 */
class WriterReuseTest {
    private static final EngineOptions REUSE = EngineOptions.defaults().withOptimization(Optimization.WRITER_REUSE, true);

    private static Database open(EngineOptions options) throws IOException {
        return Database.open(new MemoryVfs("reuse"), "db", options);
    }

    private static byte[] value(int tag) {
        return new byte[] {(byte) tag, 1, 2, 3};
    }

    @Test
    void everyTransactionRunsOnTheSameObjectAndIsCounted() throws IOException {
        try (Database db = open(REUSE)) {
            WriteTransaction first = db.beginWrite();
            first.createTable("t").put(1, value(1));
            first.commit();
            WriteTransaction second = db.beginWrite();
            assertSame(first, second);
            second.table("t").put(2, value(2));
            second.commit();
            assertEquals(1, db.events().get(EngineEvent.WRITER_REUSED), "the first transaction made the objects");
            try (ReadTransaction read = db.beginRead()) {
                assertEquals(2, read.table("t").count());
            }
        }
    }

    @Test
    void aRolledBackTransactionLeavesNothingForTheNext() throws IOException {
        try (Database db = open(REUSE)) {
            try (WriteTransaction tx = db.beginWrite()) {
                Table t = tx.createTable("t");
                for (int k = 0; k < 200; k++) {
                    t.put(k, value(k)); // several pages, so the rollback has several to forget
                }
                tx.commit();
            }
            try (WriteTransaction tx = db.beginWrite()) {
                tx.table("t").put(5, value(99));
                tx.table("t").put(1000, value(7));
                tx.rollback();
            }
            try (WriteTransaction tx = db.beginWrite()) {
                tx.table("t").put(6, value(66));
                tx.commit();
            }
            try (ReadTransaction read = db.beginRead()) {
                assertArrayEquals(value(5), read.table("t").get(5));
                assertNull(read.table("t").get(1000));
                assertArrayEquals(value(66), read.table("t").get(6));
            }
            assertTrue(db.checkIntegrity().isEmpty(), db.checkIntegrity().toString());
        }
    }

    @Test
    void theUnsafeVariantCommitsWhatWasRolledBack() throws IOException {
        try (Database db = open(REUSE.withMutation(UnsafeMutation.REUSE_KEEPS_ROLLED_BACK_PAGES))) {
            try (WriteTransaction tx = db.beginWrite()) {
                tx.createTable("t").put(1, value(1));
                tx.commit();
            }
            try (WriteTransaction tx = db.beginWrite()) {
                tx.table("t").put(1, value(99));
                tx.rollback();
            }
            try (WriteTransaction tx = db.beginWrite()) {
                tx.table("t").put(2, value(2));
                tx.commit();
            }
            try (ReadTransaction read = db.beginRead()) {
                assertArrayEquals(value(99), read.table("t").get(1), "the rolled-back put came back");
            }
        }
    }

    @Test
    void aHandleFromAnEarlierTransactionIsRefusedUntilTheCacheReturnsItAgain() throws IOException {
        try (Database db = open(REUSE)) {
            WriteTransaction tx = db.beginWrite();
            tx.createTable("t");
            tx.commit();
            tx = db.beginWrite();
            Table old = tx.table("t");
            old.put(1, value(1));
            tx.commit();
            WriteTransaction next = db.beginWrite();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> old.put(2, value(2)));
            assertTrue(e.getMessage().contains("earlier transaction"), e.getMessage());
            assertSame(old, next.table("t"), "the catalog cache hands out the same handle");
            old.put(2, value(2));
            next.commit();
            assertThrows(IllegalStateException.class, () -> old.get(1), "the transaction ended");
        }
    }

    @Test
    void theCatalogCacheFollowsCreatesAndDropsCommittedOrRolledBack() throws IOException {
        try (Database db = open(REUSE)) {
            try (WriteTransaction tx = db.beginWrite()) {
                tx.createTable("a").put(1, value(1));
                tx.commit();
            }
            try (WriteTransaction tx = db.beginWrite()) {
                assertTrue(tx.hasTable("a"));
                tx.table("a"); // cached
                assertTrue(tx.dropTable("a"));
                assertFalse(tx.hasTable("a"));
                assertThrows(IllegalArgumentException.class, () -> tx.table("a"));
                tx.rollback();
            }
            try (WriteTransaction tx = db.beginWrite()) {
                assertArrayEquals(value(1), tx.table("a").get(1), "the drop was rolled back");
                tx.createTable("b").put(2, value(2));
                tx.table("b");
                tx.rollback();
            }
            try (WriteTransaction tx = db.beginWrite()) {
                assertFalse(tx.hasTable("b"), "the create was rolled back, and its cached handle with it");
                assertThrows(IllegalArgumentException.class, () -> tx.table("b"));
                assertTrue(tx.dropTable("a"));
                tx.createTable("a").put(3, value(3));
                tx.commit();
            }
            try (WriteTransaction tx = db.beginWrite()) {
                assertNull(tx.table("a").get(1), "a new table of the old name");
                assertArrayEquals(value(3), tx.table("a").get(3));
                assertEquals(List.of("a"), tx.tableNames());
                tx.commit();
            }
            assertTrue(db.checkIntegrity().isEmpty());
        }
    }

    @Test
    void pageArraysAreReusedOnlyWhenNoReaderCanHoldThem() throws IOException {
        try (Database db = open(REUSE)) {
            try (WriteTransaction tx = db.beginWrite()) {
                tx.createTable("t").put(1, value(1));
                tx.commit();
            }
            try (ReadTransaction reader = db.beginRead()) {
                Table seen = reader.table("t");
                for (int i = 0; i < 50; i++) {
                    try (WriteTransaction tx = db.beginWrite()) {
                        tx.table("t").put(1, value(100 + i));
                        tx.table("t").put(2, value(i));
                        tx.commit();
                    }
                    assertArrayEquals(value(1), seen.get(1), "the reader's snapshot after " + i + " commits");
                    assertNull(seen.get(2));
                }
            }
            try (ReadTransaction read = db.beginRead()) {
                assertArrayEquals(value(149), read.table("t").get(1));
            }
            assertTrue(db.checkIntegrity().isEmpty());
        }
    }

    @Test
    void theFastPathTakesExactlyTheCommitsOfOnePageAndAnUnchangedHeader() throws IOException {
        EngineOptions fast = EngineOptions.defaults().withOptimization(Optimization.SINGLE_PAGE_FAST_PATH, true);
        try (Database db = open(fast)) {
            try (WriteTransaction tx = db.beginWrite()) {
                tx.createTable("t").put(1, value(1)); // new pages and a new header
                tx.commit();
            }
            assertEquals(0, db.events().get(EngineEvent.SINGLE_PAGE_COMMIT));
            try (WriteTransaction tx = db.beginWrite()) {
                tx.table("t").put(1, value(2)); // one leaf
                tx.commit();
            }
            assertEquals(1, db.events().get(EngineEvent.SINGLE_PAGE_COMMIT));
            db.checkpoint(); // resets the WAL: the next commit records the new checkpoint sequence in page 0
            try (WriteTransaction tx = db.beginWrite()) {
                tx.table("t").put(1, value(3));
                tx.commit();
            }
            assertEquals(1, db.events().get(EngineEvent.SINGLE_PAGE_COMMIT), "page 0 changed too");
            try (WriteTransaction tx = db.beginWrite()) {
                tx.table("t").put(1, value(4));
                tx.commit();
            }
            assertEquals(2, db.events().get(EngineEvent.SINGLE_PAGE_COMMIT));
            assertTrue(db.checkIntegrity().isEmpty(), db.checkIntegrity().toString());
        }
    }

    @Test
    void theFastPathThatSkipsTheDigestFailsTheIntegrityCheck() throws IOException {
        EngineOptions careless = EngineOptions.defaults().withMutation(UnsafeMutation.FAST_PATH_SKIPS_DIGEST);
        try (Database db = open(careless)) {
            try (WriteTransaction tx = db.beginWrite()) {
                tx.createTable("t").put(1, value(1));
                tx.commit();
            }
            assertTrue(db.checkIntegrity().isEmpty());
            try (WriteTransaction tx = db.beginWrite()) {
                tx.table("t").put(1, value(2));
                tx.commit();
            }
            List<IntegrityProblem> problems = db.checkIntegrity();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).toString().contains("digest"), problems.toString());
        }
    }

    @Test
    void aLateCloseFromTheThreadOfAnEarlierTransactionLeavesTheNextOneAlone() throws Exception {
        try (Database db = open(REUSE)) {
            WriteTransaction first = db.beginWrite();
            first.createTable("t").put(1, value(1));
            first.commit();
            java.util.concurrent.atomic.AtomicReference<WriteTransaction> next = new java.util.concurrent.atomic.AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    next.set(db.beginWrite());
                    next.get().table("t").put(2, value(2));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            other.start();
            other.join();
            assertSame(first, next.get());
            first.close(); // this thread's try-with-resources, after its commit
            assertTrue(next.get().isOpen(), "the other thread's transaction is still open");
            Thread committer = new Thread(() -> {
                try {
                    next.get().continueOnThisThread(); // handed over on purpose
                    next.get().commit();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            committer.start();
            committer.join();
            try (ReadTransaction read = db.beginRead()) {
                assertArrayEquals(value(2), read.table("t").get(2));
            }
        }
    }
}
