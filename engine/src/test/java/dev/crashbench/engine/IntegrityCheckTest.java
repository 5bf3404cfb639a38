package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.big;
import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.IntegrityProblem.Kind.CORRUPTION;
import static dev.crashbench.engine.IntegrityProblem.Kind.INCONSISTENCY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.pager.DbHeader;
import dev.crashbench.engine.pager.FreePage;
import dev.crashbench.engine.pager.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Database#checkIntegrity}: silent on sound databases, and a list of problems (never an
 * exception, never a hang) for files damaged by hand with valid checksums. Most damage here is
 * adopted into the page digest ({@link TestDb#adoptHandWrittenPages}), as an engine bug would
 * leave it, so that what is tested is the structural check; a write the digest does not know of
 * is corruption of its own.
 */
class IntegrityCheckTest {
    private static final Duration GENEROUS = Duration.ofSeconds(20);

    /** Several tables with small and overflowing values, one dropped: a free list of several pages. */
    private static void build(Database db) throws IOException {
        try (WriteTransaction w = db.beginWrite()) {
            Table small = w.createTable("small");
            Table large = w.createTable("large");
            Table doomed = w.createTable("doomed");
            for (long k = 0; k < 500; k++) {
                small.put(k, bytes("row " + k));
                doomed.put(k * 7, bytes("doomed " + k + "x".repeat(100)));
            }
            for (long k = 0; k < 6; k++) {
                large.put(k, big(9_000 + (int) k * 3_000, (int) k));
            }
            w.commit();
        }
        assertEquals(List.of(), db.checkIntegrity());
        try (WriteTransaction w = db.beginWrite()) {
            assertTrue(w.dropTable("doomed"));
            for (long k = 0; k < 500; k += 2) {
                w.table("small").delete(k);
            }
            w.table("large").delete(3);
            w.commit();
        }
        assertEquals(List.of(), db.checkIntegrity());
    }

    /** A damaged copy: built, checkpointed (so every page is home and the WAL is empty), closed. */
    private static TestDb damagedLater(String label) throws IOException {
        TestDb files = TestDb.fresh(label);
        try (Database db = files.open()) {
            build(db);
            assertTrue(db.checkpoint().walReset());
            assertTrue(db.header().freePageCount() >= 3, "the test needs a free list of a few pages");
        }
        return files;
    }

    private static DbHeader header(TestDb files) throws IOException {
        return DbHeader.decode(files.readPage(0), "db");
    }

    private static List<IntegrityProblem> problems(TestDb files) {
        return assertTimeoutPreemptively(GENEROUS, () -> {
            try (Database db = files.open()) {
                return db.checkIntegrity();
            }
        });
    }

    private static boolean anyMentions(List<IntegrityProblem> problems, IntegrityProblem.Kind kind, String text) {
        return problems.stream().anyMatch(p -> p.kind() == kind && p.description().contains(text));
    }

    @Test
    void aSoundDatabaseHasNoProblemsBeforeAndAfterReopenAndCheckpoint() throws IOException {
        TestDb files = TestDb.fresh("integrity-sound");
        try (Database db = files.open()) {
            assertEquals(List.of(), db.checkIntegrity(), "an empty database");
            build(db);
            db.checkpoint();
            assertEquals(List.of(), db.checkIntegrity());
            try (WriteTransaction w = db.beginWrite()) {
                w.createTable("reuses").put(1, big(30_000, 7));
                w.commit();
            }
            assertEquals(List.of(), db.checkIntegrity());
        }
        assertEquals(List.of(), problems(files));
    }

    @Test
    void aFreeListLinkPastTheEndIsReported() throws IOException {
        TestDb files = damagedLater("integrity-link-past-end");
        DbHeader header = header(files);
        byte[] image = new byte[Page.SIZE];
        FreePage.format(image, header.pageCount() + 40);
        files.writeSealedPage(header.freeListHead(), image);
        files.adoptHandWrittenPages();
        List<IntegrityProblem> problems = problems(files);
        assertFalse(problems.isEmpty());
        assertTrue(anyMentions(problems, INCONSISTENCY, String.valueOf(header.pageCount() + 40)), problems.toString());
    }

    @Test
    void aFreeListLinkToAPageInUseIsReportedAsClaimedTwice() throws IOException {
        TestDb files = damagedLater("integrity-claimed-twice");
        DbHeader header = header(files);
        byte[] image = new byte[Page.SIZE];
        FreePage.format(image, header.catalogRoot());
        files.writeSealedPage(header.freeListHead(), image);
        files.adoptHandWrittenPages();
        List<IntegrityProblem> problems = problems(files);
        assertTrue(anyMentions(problems, INCONSISTENCY, "page " + header.catalogRoot() + " is claimed by both"), problems.toString());
    }

    @Test
    void aFreeListCycleIsReportedNotFollowedForever() throws IOException {
        TestDb files = damagedLater("integrity-cycle");
        DbHeader header = header(files);
        byte[] image = new byte[Page.SIZE];
        FreePage.format(image, header.freeListHead());
        files.writeSealedPage(header.freeListHead(), image);
        files.adoptHandWrittenPages();
        List<IntegrityProblem> problems = problems(files);
        assertTrue(anyMentions(problems, INCONSISTENCY, "page " + header.freeListHead() + " is claimed by both"), problems.toString());
    }

    @Test
    void aFreeListCountThatDisagreesWithTheListIsReported() throws IOException {
        TestDb files = damagedLater("integrity-count");
        DbHeader header = header(files);
        byte[] page0 = new byte[Page.SIZE];
        header.withFreeList(header.freeListHead(), header.freePageCount() + 1).encode(page0);
        files.writeSealedPage(0, page0);
        files.adoptHandWrittenPages();
        List<IntegrityProblem> problems = problems(files);
        assertTrue(anyMentions(problems, INCONSISTENCY, "counts " + (header.freePageCount() + 1) + " free pages"), problems.toString());
    }

    @Test
    void pagesLeakedFromEveryStructureAreReported() throws IOException {
        TestDb files = damagedLater("integrity-leak");
        DbHeader header = header(files);
        byte[] page0 = new byte[Page.SIZE];
        header.withFreeList(0, 0).encode(page0);
        files.writeSealedPage(0, page0);
        files.adoptHandWrittenPages();
        List<IntegrityProblem> problems = problems(files);
        assertTrue(anyMentions(problems, INCONSISTENCY, "page " + header.freeListHead() + " is neither in use nor on the free list"),
                problems.toString());
        assertEquals(header.freePageCount(), problems.size(), "one problem per leaked page: " + problems);
    }

    @Test
    void aFreePageWhereATableNodeShouldBeIsReported() throws IOException {
        TestDb files = damagedLater("integrity-wrong-type");
        DbHeader header = header(files);
        byte[] image = new byte[Page.SIZE];
        FreePage.format(image, 0);
        files.writeSealedPage(header.catalogRoot(), image); // the catalog's root, now a (sealed) free page
        files.adoptHandWrittenPages();
        List<IntegrityProblem> problems = problems(files);
        assertTrue(anyMentions(problems, INCONSISTENCY, "page " + header.catalogRoot() + " has page type"),
                problems.toString());
    }

    @Test
    void aPageHoldingAnOlderIntactVersionOfItselfIsCorruption() throws IOException {
        TestDb files = damagedLater("integrity-lost-write");
        int page = files.pageHolding(bytes("row 451"));
        byte[] before = files.readPage(page);
        try (Database db = files.open()) {
            TestDb.put(db, "small", 451, bytes("row 451, rewritten"));
            assertTrue(db.checkpoint().walReset());
            assertEquals(List.of(), db.checkIntegrity());
        }
        // The checkpoint's write of that page is lost (a sync that lied, a write that landed
        // elsewhere): the old version is back, intact, checksum and all.
        TestDb.writeRaw(files.dbFile(), (long) page * Page.SIZE, before);
        List<IntegrityProblem> problems = problems(files);
        assertTrue(anyMentions(problems, CORRUPTION, "do not add up to the page digest"), problems.toString());
        try (Database db = files.open()) {
            assertEquals("row 451", TestDb.string(TestDb.get(db, "small", 451)),
                    "the stale page reads as if nothing were wrong: only the digest tells");
        }
    }

    /**
     * A checkpoint's sync lied and the cut kept only its new header page, over the old pages it no
     * longer describes, while the WAL lost the commits (the crash explorer found this on the SSD
     * model). Every page verifies; only the digest, which counts page 0 too, tells.
     */
    @Test
    void aNewHeaderPageOverTheOldPagesItNoLongerDescribesIsCorruption() throws IOException {
        TestDb files = damagedLater("integrity-new-header");
        byte[] oldFile = Files.readAllBytes(files.dbFile());
        byte[] oldWal = Files.readAllBytes(files.walFile());
        try (Database db = files.open()) {
            try (WriteTransaction w = db.beginWrite()) {
                for (long k = 1; k < 500; k += 2) {
                    w.table("small").delete(k);
                }
                w.commit();
            }
            assertTrue(db.checkpoint().walReset());
            assertEquals(header(files).pageCount(), db.header().pageCount(), "the file did not grow");
        }
        byte[] newHeader = files.readPage(0);
        Files.write(files.dbFile(), oldFile);
        TestDb.writeRaw(files.dbFile(), 0, newHeader);
        Files.write(files.walFile(), oldWal);
        List<IntegrityProblem> problems = problems(files);
        assertTrue(anyMentions(problems, CORRUPTION, "do not add up to the page digest"), problems.toString());
    }

    @Test
    void aPageWithABadChecksumIsAProblemNotAnException() throws IOException {
        TestDb files = damagedLater("integrity-checksum");
        int page = files.pageHolding(bytes("row 451"));
        TestDb.flipByte(files.dbFile(), (long) page * Page.SIZE + 2000);
        List<IntegrityProblem> problems = problems(files);
        assertTrue(anyMentions(problems, CORRUPTION, "page " + page), problems.toString());
    }
}
