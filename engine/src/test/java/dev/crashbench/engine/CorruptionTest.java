package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.wal.WalFrame;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged files give {@link CorruptDatabaseException} naming the file and the page: never wrong
 * data, another exception or a hang.
 */
class CorruptionTest {
    private static final Duration GENEROUS = Duration.ofSeconds(20);

    /** 300 rows in table t, all copied home by a checkpoint; the WAL holds no live frame. */
    private static TestDb checkpointed(String label) throws IOException {
        TestDb files = TestDb.fresh(label);
        try (Database db = files.open()) {
            try (WriteTransaction w = db.beginWrite()) {
                Table t = w.createTable("t");
                for (long k = 0; k < 300; k++) {
                    t.put(k, bytes("value-" + k + "-" + "y".repeat(30)));
                }
                w.commit();
            }
            assertTrue(db.checkpoint().walReset());
        }
        return files;
    }

    /** Opens the database and reads every row; whatever it throws. */
    private static void openAndReadAll(TestDb files) throws IOException {
        try (Database db = files.open(); ReadTransaction r = db.beginRead()) {
            rows(r, "t");
        }
    }

    private static CorruptDatabaseException corruptOnRead(TestDb files) {
        return assertTimeoutPreemptively(GENEROUS,
                () -> assertThrows(CorruptDatabaseException.class, () -> openAndReadAll(files)));
    }

    @Test
    void aFlippedByteInATablePageNamesTheFileAndThePage() throws IOException {
        TestDb files = checkpointed("corrupt-byte");
        int page = files.pageHolding(bytes("value-123-"));
        TestDb.flipByte(files.dbFile(), (long) page * Page.SIZE + 1000);
        CorruptDatabaseException e = corruptOnRead(files);
        assertEquals(TestDb.NAME, e.file());
        assertEquals(page, e.page());
        assertTrue(e.getMessage().contains(TestDb.NAME + " page " + page), e.getMessage());
        try (Database db = files.open(); ReadTransaction r = db.beginRead()) {
            List<IntegrityProblem> problems = db.checkIntegrity();
            assertTrue(problems.stream().anyMatch(p -> p.isCorruption() && p.description().contains("page " + page)),
                    problems.toString());
        }
    }

    @Test
    void aFlippedByteInTheHeaderPageFailsTheOpen() throws IOException {
        TestDb files = checkpointed("corrupt-header");
        TestDb.flipByte(files.dbFile(), 17);
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, files::open);
        assertEquals(0, e.page());
        assertEquals(TestDb.NAME, e.file());
    }

    @Test
    void aFlippedByteInAPageTheWalHoldsIsRepairedByTheWal() throws IOException {
        TestDb files = checkpointed("corrupt-shadowed");
        int page = files.pageHolding(bytes("value-123-"));
        try (Database db = files.open()) {
            TestDb.put(db, "t", 123, bytes("rewritten"));
        }
        TestDb.flipByte(files.dbFile(), (long) page * Page.SIZE + 1000); // the home copy is stale anyway
        try (Database db = files.open(); ReadTransaction r = db.beginRead()) {
            assertEquals("rewritten", TestDb.string(r.table("t").get(123)));
        }
    }

    @ParameterizedTest(name = "truncated to {0} bytes")
    @ValueSource(ints = {0, 100, Page.SIZE - 1, Page.SIZE, Page.SIZE + 100, 2 * Page.SIZE})
    void aTruncatedDatabaseFileIsCorruption(int size) throws IOException {
        TestDb files = checkpointed("truncated-" + size);
        try (FileChannel channel = FileChannel.open(files.dbFile(), StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
        CorruptDatabaseException e = corruptOnRead(files);
        assertEquals(TestDb.NAME, e.file());
        assertTrue(e.getMessage().startsWith("corrupt database: " + TestDb.NAME), e.getMessage());
    }

    @ParameterizedTest(name = "{0} bytes of garbage")
    @ValueSource(ints = {1, 100, Page.SIZE, 3 * Page.SIZE + 17, 40 * Page.SIZE})
    void aDatabaseFileOfGarbageIsCorruption(int size) throws IOException {
        TestDb files = TestDb.fresh("garbage-" + size);
        byte[] garbage = new byte[size];
        new Random(size).nextBytes(garbage);
        System.arraycopy(bytes("CBENCHDB"), 0, garbage, 0, Math.min(8, size)); // even with the right magic
        Files.write(files.dbFile(), garbage);
        CorruptDatabaseException e = corruptOnRead(files);
        assertEquals(0, e.page());
        assertEquals(TestDb.NAME, e.file());
    }

    /**
     * Resealed header fields the file cannot hold (the probe of issue 14 item 3): a page count far
     * beyond the file once made the integrity check run without end; now the open refuses it at
     * once, and so it does every field out of range.
     */
    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, 821_339_126, 1_000, 0})
    void aResealedHeaderWhosePageCountTheFileCannotHoldIsRefusedAtOnce(int extra) throws IOException {
        TestDb files = checkpointed("page-count-" + extra);
        byte[] page0 = files.readPage(0);
        int pages = dev.crashbench.engine.pager.PageBytes.getInt(page0, dev.crashbench.engine.pager.DbHeader.OFFSET_PAGE_COUNT);
        int count = extra == 0 ? pages + 1 : extra;
        dev.crashbench.engine.pager.PageBytes.putInt(page0, dev.crashbench.engine.pager.DbHeader.OFFSET_PAGE_COUNT, count);
        files.writeSealedPage(0, page0);
        CorruptDatabaseException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(CorruptDatabaseException.class, files::open));
        assertTrue(e.getMessage().contains("header says " + count + " pages"), e.getMessage());
        assertEquals(TestDb.NAME, e.file());
    }

    @ParameterizedTest
    @ValueSource(ints = {dev.crashbench.engine.pager.DbHeader.OFFSET_FREE_LIST_HEAD,
            dev.crashbench.engine.pager.DbHeader.OFFSET_CATALOG_ROOT})
    void aResealedHeaderPointingPastItsPagesIsRefused(int field) throws IOException {
        TestDb files = checkpointed("header-field-" + field);
        byte[] page0 = files.readPage(0);
        dev.crashbench.engine.pager.PageBytes.putInt(page0, field, 1 << 20);
        files.writeSealedPage(0, page0);
        CorruptDatabaseException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(CorruptDatabaseException.class, files::open));
        assertEquals(0, e.page(), e.getMessage());
    }

    @Test
    void aTornLastCommitInTheWalLosesOnlyThatCommit() throws IOException {
        TestDb files = TestDb.fresh("torn-wal");
        int lastFrame;
        byte[] walBeforeClose;
        // full frames: the flipped byte is found by a 4 KiB frame's offset
        try (Database db = files.open(EngineOptions.defaults().withOptimization(Optimization.DELTA_FRAMES, false))) {
            TestDb.put(db, "t", 1, bytes("one"));
            TestDb.put(db, "t", 2, bytes("two"));
            TestDb.put(db, "t", 3, bytes("three"));
            lastFrame = db.walFrames() - 1;
            walBeforeClose = java.nio.file.Files.readAllBytes(files.walFile());
        }
        TestDb.crashInsteadOfClose(files.walFile(), walBeforeClose); // a clean close would prove the commit synced
        TestDb.flipByte(files.walFile(), WalFrame.offset(lastFrame) + WalFrame.OFFSET_IMAGE + 7);
        try (Database db = files.open(); ReadTransaction r = db.beginRead()) {
            assertEquals(Map.of(1L, "one", 2L, "two"), rows(r, "t"));
            assertEquals(List.of(), db.checkIntegrity());
        }
    }
}
