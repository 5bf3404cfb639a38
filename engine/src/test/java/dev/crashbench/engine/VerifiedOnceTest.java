package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.PageStructure;
import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@link PageAccess#readVerified}: a committed image is verified once while the page cache holds
 * it, by any check of the same class; each visit then compares the references it found with the
 * visitor's page count, and runs the whole check when they reach past it; a writer's own copy is
 * checked on every visit.
 */
class VerifiedOnceTest {
    /** Counts its calls; reports {@code highest} as the highest page the image refers to. */
    private static final class CountingCheck implements PageStructure {
        private final int[] counts; // [0] verifyOnce calls, [1] verify calls, shared by instances
        private final int highest;

        CountingCheck(int[] counts, int highest) {
            this.counts = counts;
            this.highest = highest;
        }

        @Override
        public int verifyOnce(byte[] page, int pageId, PageAccess access) {
            counts[0]++;
            return highest;
        }

        @Override
        public void verify(byte[] page, int pageId, PageAccess access) {
            counts[1]++;
        }
    }

    /** The root page of table t, holding one row. */
    private static int tableWithOneRow(Database db) throws IOException {
        try (WriteTransaction w = db.beginWrite()) {
            w.createTable("t").put(1, bytes("one"));
            w.commit();
        }
        try (ReadTransaction r = db.beginRead()) {
            return r.catalog().find("t").rootPage();
        }
    }

    @Test
    void aCachedImageIsVerifiedOnceForEveryReaderAndEveryInstanceOfTheCheck() throws IOException {
        try (Database db = Database.open(new MemoryVfs("once"), "db", EngineOptions.defaults())) {
            int root = tableWithOneRow(db);
            int[] counts = new int[2];
            for (int reader = 0; reader < 3; reader++) {
                try (ReadTransaction r = db.beginRead()) {
                    PageStructure check = new CountingCheck(counts, 0);
                    r.pages().readVerified(root, check);
                    r.pages().readVerified(root, check);
                }
            }
            assertEquals(1, counts[0], "verifyOnce calls");
            assertEquals(0, counts[1], "whole checks");

            try (WriteTransaction w = db.beginWrite()) {
                w.table("t").put(2, bytes("two"));
                w.commit();
            }
            try (ReadTransaction r = db.beginRead()) {
                r.pages().readVerified(root, new CountingCheck(counts, 0));
            }
            assertEquals(2, counts[0], "a new image of the page is verified again");
        }
    }

    @Test
    void referencesPastTheVisitorsPageCountRunTheWholeCheckOnEveryVisit() throws IOException {
        try (Database db = Database.open(new MemoryVfs("past"), "db", EngineOptions.defaults())) {
            int root = tableWithOneRow(db);
            int[] counts = new int[2];
            try (ReadTransaction r = db.beginRead()) {
                PageStructure check = new CountingCheck(counts, r.pages().pageCount());
                for (int visit = 0; visit < 4; visit++) {
                    r.pages().readVerified(root, check);
                }
            }
            assertEquals(1, counts[0], "verifyOnce calls");
            assertEquals(4, counts[1], "the whole check, once per visit");
        }
    }

    @Test
    void aWritersOwnCopyIsCheckedWholeOnEveryVisit() throws IOException {
        try (Database db = Database.open(new MemoryVfs("own"), "db", EngineOptions.defaults())) {
            int root = tableWithOneRow(db);
            int[] counts = new int[2];
            try (WriteTransaction w = db.beginWrite()) {
                w.table("t").put(3, bytes("three"));
                PageStructure check = new CountingCheck(counts, 0);
                w.pages().readVerified(root, check);
                w.pages().readVerified(root, check);
                w.rollback();
            }
            assertEquals(0, counts[0], "verifyOnce calls");
            assertEquals(2, counts[1], "whole checks");
        }
    }
}
