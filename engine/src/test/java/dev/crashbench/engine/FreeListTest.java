package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.big;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.pager.DbHeader;
import dev.crashbench.engine.pager.FreePage;
import dev.crashbench.engine.pager.PageChecksum;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Page allocation through the database: from the file's end, freed onto the free list, reused. */
class FreeListTest {

    private static void fillTable(Database db, String name, int values, int seed) throws IOException {
        try (WriteTransaction w = db.beginWrite()) {
            Table t = w.createTable(name);
            for (int k = 0; k < values; k++) {
                t.put(k, big(6_000, seed + k));
            }
            w.commit();
        }
    }

    @Test
    void droppedPagesGoToTheFreeListAndAreReusedBeforeTheFileGrows() throws IOException {
        TestDb files = TestDb.fresh("free-list");
        try (Database db = files.open()) {
            assertEquals(DbHeader.empty(), db.header());
            fillTable(db, "keep", 5, 0);
            fillTable(db, "drop", 10, 100);
            int grown = db.header().pageCount();
            assertEquals(0, db.header().freePageCount());

            try (WriteTransaction w = db.beginWrite()) {
                w.dropTable("drop");
                w.commit();
            }
            DbHeader afterDrop = db.header();
            assertEquals(grown, afterDrop.pageCount(), "the file never shrinks");
            assertTrue(afterDrop.freePageCount() >= 20, "ten 6 KB values use at least 20 pages: " + afterDrop);
            assertEquals(List.of(), db.checkIntegrity());

            fillTable(db, "reuse", 4, 200);
            DbHeader afterReuse = db.header();
            assertEquals(grown, afterReuse.pageCount(), "allocation took free pages, not new ones");
            assertTrue(afterReuse.freePageCount() < afterDrop.freePageCount());
            assertEquals(List.of(), db.checkIntegrity());

            fillTable(db, "more", 30, 300);
            assertEquals(0, db.header().freePageCount(), "the free list is used up before the file grows");
            assertTrue(db.header().pageCount() > grown);
            assertEquals(List.of(), db.checkIntegrity());

            try (ReadTransaction r = db.beginRead()) {
                assertArrayEquals(big(6_000, 203), r.table("reuse").get(3), "reused pages hold only the new data");
                assertArrayEquals(big(6_000, 4), r.table("keep").get(4));
            }
        }
    }

    @Test
    void aRolledBackAllocationLeavesHeaderAndFreeListAlone() throws IOException {
        try (Database db = TestDb.fresh("free-list-rollback").open()) {
            fillTable(db, "a", 3, 0);
            try (WriteTransaction w = db.beginWrite()) {
                w.dropTable("a");
                w.commit();
            }
            DbHeader before = db.header();
            try (WriteTransaction w = db.beginWrite()) {
                Table t = w.createTable("b");
                for (int k = 0; k < 20; k++) {
                    t.put(k, big(6_000, k));
                }
                w.rollback();
            }
            assertEquals(before, db.header());
            assertEquals(List.of(), db.checkIntegrity());
        }
    }

    @Test
    void theFreeListOnDiskIsAChainOfSealedFreePages() throws IOException {
        TestDb files = TestDb.fresh("free-list-disk");
        DbHeader header;
        try (Database db = files.open()) {
            fillTable(db, "a", 6, 0);
            try (WriteTransaction w = db.beginWrite()) {
                w.dropTable("a");
                w.commit();
            }
            db.checkpoint();
            header = db.header();
        }
        PageChecksum checksum = new PageChecksum();
        Set<Integer> seen = new HashSet<>();
        int page = header.freeListHead();
        while (page != 0) {
            assertTrue(seen.add(page), "cycle at " + page);
            byte[] image = files.readPage(page);
            assertTrue(checksum.verify(page, image), "page " + page + " checksum");
            assertTrue(FreePage.isFree(image), "page " + page + " type " + image[0]);
            page = FreePage.next(image);
        }
        assertEquals(header.freePageCount(), seen.size());
        assertEquals(DbHeader.decode(files.readPage(0), "db"), header, "the home header is the committed one");
    }
}
