package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.put;
import static dev.crashbench.engine.TestDb.rows;
import static dev.crashbench.engine.TestDb.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.pager.Pager;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Readers see the state as of their start, whatever commits and checkpoints happen meanwhile. */
class SnapshotIsolationTest {

    /** Many rows, so the table spans several pages and a checkpoint has pages to copy. */
    private static void fill(Database db, String version, int rows) throws IOException {
        try (WriteTransaction w = db.beginWrite()) {
            Table t = w.hasTable("t") ? w.table("t") : w.createTable("t");
            for (long k = 0; k < rows; k++) {
                t.put(k, bytes(version + ":" + k + ":" + "x".repeat(40)));
            }
            w.commit();
        }
    }

    private static Map<Long, String> expected(String version, int rows) {
        Map<Long, String> m = new TreeMap<>();
        for (long k = 0; k < rows; k++) {
            m.put(k, version + ":" + k + ":" + "x".repeat(40));
        }
        return m;
    }

    @Test
    void aReaderDoesNotSeeLaterCommitsNorLaterCheckpoints() throws IOException {
        try (Database db = TestDb.fresh("snapshot").open()) {
            fill(db, "v1", 400);
            ReadTransaction old = db.beginRead();
            assertEquals(expected("v1", 400), rows(old, "t"));

            fill(db, "v2", 400);
            put(db, "u", 1, bytes("new table"));
            assertEquals(expected("v1", 400), rows(old, "t"), "a commit after the reader began is invisible");
            assertFalse(old.hasTable("u"));

            int frames = db.walFrames();
            Pager.CheckpointResult partial = db.checkpoint();
            assertFalse(partial.walReset(), "the WAL must not be reset under an open reader");
            assertEquals(frames, db.walFrames());
            assertTrue(partial.framesBackfilled() < frames, "frames the reader cannot see stay out of the database file");
            assertEquals(expected("v1", 400), rows(old, "t"), "still v1 after the checkpoint");
            assertNull(old.table("t").get(400));

            try (ReadTransaction current = db.beginRead()) {
                assertEquals(expected("v2", 400), rows(current, "t"));
                assertEquals("new table", string(current.table("u").get(1)));
            }
            old.close();

            ReadTransaction fresh = db.beginRead();
            Pager.CheckpointResult full = db.checkpoint();
            assertTrue(full.walReset(), "a reader that sees every frame does not hold the WAL");
            assertEquals(0, db.walFrames());
            assertEquals(expected("v2", 400), rows(fresh, "t"), "reads after the reset come from the database file");

            fill(db, "v3", 400);
            Pager.CheckpointResult blocked = db.checkpoint();
            assertFalse(blocked.walReset(), "a reader from before the reset blocks the next one");
            assertEquals(0, blocked.pagesWritten(), "and keeps the new generation out of the database file");
            assertEquals(expected("v2", 400), rows(fresh, "t"));
            fresh.close();

            try (ReadTransaction last = db.beginRead()) {
                assertEquals(expected("v3", 400), rows(last, "t"));
            }
            assertTrue(db.checkpoint().walReset());
            try (ReadTransaction last = db.beginRead()) {
                assertEquals(expected("v3", 400), rows(last, "t"));
            }
            assertEquals(List.of(), db.checkIntegrity());
        }
    }

    @Test
    void autoCheckpointsUnderAnOpenReaderKeepItsSnapshot() throws IOException {
        EngineOptions options = EngineOptions.defaults().withAutoCheckpointFrames(4).withCacheSizePages(8);
        try (Database db = TestDb.fresh("snapshot-auto").open(options)) {
            fill(db, "v0", 200);
            ReadTransaction reader = db.beginRead();
            for (int round = 1; round <= 30; round++) {
                put(db, "t", round % 200, bytes("round " + round));
            }
            assertTrue(db.walFrames() > 4, "the reader kept every auto-checkpoint from resetting the WAL");
            assertEquals(expected("v0", 200), rows(reader, "t"), "a tiny cache forces rereads from the files");
            reader.close();
            long resets = db.events().get(EngineEvent.WAL_RESET);
            put(db, "t", 0, bytes("after"));
            assertEquals(resets + 1, db.events().get(EngineEvent.WAL_RESET),
                    "the next write's checkpoint, before it writes, resets the WAL");
            assertTrue(db.walFrames() < 4, "the new generation holds that commit alone: " + db.walFrames());
            try (ReadTransaction r = db.beginRead()) {
                assertEquals("after", string(r.table("t").get(0)));
                assertEquals("round 29", string(r.table("t").get(29)));
                assertEquals("v0:31:" + "x".repeat(40), string(r.table("t").get(31)));
            }
        }
    }

    @Test
    void aWriterSeesItsOwnChangesAndReadersDoNot() throws IOException {
        try (Database db = TestDb.fresh("own-changes").open()) {
            put(db, "t", 1, bytes("a"));
            try (WriteTransaction w = db.beginWrite(); ReadTransaction r = db.beginRead()) {
                w.table("t").put(1, bytes("b"));
                assertEquals("b", string(w.table("t").get(1)));
                assertEquals("a", string(r.table("t").get(1)));
                w.commit();
                assertEquals("a", string(r.table("t").get(1)), "nor after the commit");
            }
        }
    }
}
