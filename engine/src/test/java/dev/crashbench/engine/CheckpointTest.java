package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.put;
import static dev.crashbench.engine.TestDb.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.pager.DbHeader;
import dev.crashbench.engine.pager.Pager;
import dev.crashbench.engine.wal.WalHeader;
import dev.crashbench.engine.wal.WalFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checkpoints: automatic after a number of frames, manual, and a WAL file that keeps its size. */
class CheckpointTest {
    private static final int AUTO = 8;
    private static final int PREALLOCATED = 32;

    @Test
    void autoCheckpointResetsTheWalAfterTheConfiguredFramesAndTheWalNeverGrows() throws IOException {
        TestDb files = TestDb.fresh("auto-checkpoint");
        EngineOptions options = EngineOptions.defaults().withAutoCheckpointFrames(AUTO).withWalPreallocatedFrames(PREALLOCATED);
        int resets = 0;
        try (Database db = files.open(options)) {
            long walSize = Files.size(files.walFile());
            assertEquals(WalFrame.offset(PREALLOCATED), walSize);
            long checkpointSequence = db.header().checkpointSequence();
            int before = db.walFrames();
            for (long k = 0; k < 120; k++) {
                put(db, "t", k, bytes("value " + k));
                int after = db.walFrames();
                assertTrue(after < AUTO, "a commit that reaches " + AUTO + " frames checkpoints; " + after + " left");
                if (after < before) {
                    resets++;
                    assertEquals(0, after);
                }
                before = after;
                assertEquals(walSize, Files.size(files.walFile()), "the WAL file keeps its preallocated size");
            }
            assertTrue(resets >= 120 / AUTO, resets + " resets");
            put(db, "t", -1, bytes("first of a generation"));
            assertTrue(db.header().checkpointSequence() > checkpointSequence,
                    "the first commit of each generation records the checkpoint sequence");
        }
        try (Database db = files.open(options); ReadTransaction r = db.beginRead()) {
            Map<Long, String> rows = rows(r, "t");
            assertEquals(121, rows.size());
            assertEquals("value 119", rows.get(119L));
            assertEquals(List.of(), db.checkIntegrity());
        }
    }

    @Test
    void aManualCheckpointCopiesEverythingHomeAndTheDatabaseFileAloneHoldsTheData() throws IOException {
        TestDb files = TestDb.fresh("manual-checkpoint");
        try (Database db = files.open()) {
            Pager.CheckpointResult nothing = db.checkpoint();
            assertEquals(new Pager.CheckpointResult(0, 0, false), nothing, "an empty WAL has nothing to do");
            for (long k = 0; k < 50; k++) {
                put(db, "t", k, bytes("v" + k));
            }
            int frames = db.walFrames();
            Pager.CheckpointResult result = db.checkpoint();
            assertTrue(result.walReset());
            assertEquals(frames, result.framesBackfilled());
            assertTrue(result.pagesWritten() > 0 && result.pagesWritten() < frames, result.toString());
            assertEquals(0, db.walFrames());
            assertEquals(new Pager.CheckpointResult(0, 0, false), db.checkpoint(), "a second checkpoint has nothing to do");
            assertEquals((long) db.header().pageCount() * 4096, Files.size(files.dbFile()));

            // The sequence protocol: home page 0 keeps the old generation's sequence, the WAL header
            // has the new one, and the first commit of the new generation records it in page 0.
            long home = DbHeader.decode(files.readPage(0), "db").checkpointSequence();
            assertEquals(db.header(), DbHeader.decode(files.readPage(0), "db"), "page 0 was copied home");
            byte[] walHeader = Files.readAllBytes(files.walFile());
            assertEquals(home + 1, FormatTable.le64(walHeader, WalHeader.OFFSET_CHECKPOINT_SEQUENCE));
            put(db, "t", 100, bytes("first of the new generation"));
            assertEquals(home + 1, db.header().checkpointSequence());
            assertTrue(db.checkpoint().walReset());
        }
        // The WAL's frames are all of a dead generation now: deleting it loses nothing.
        Files.delete(files.walFile());
        try (Database db = files.open(); ReadTransaction r = db.beginRead()) {
            assertEquals(51, rows(r, "t").size());
            assertEquals(0, db.walFrames());
        }
    }

    @Test
    void withoutACheckpointTheDataLivesInTheWalAndReopenReplaysIt() throws IOException {
        TestDb files = TestDb.fresh("replay");
        try (Database db = files.open()) {
            for (long k = 0; k < 20; k++) {
                put(db, "t", k, bytes("v" + k));
            }
            assertTrue(db.walFrames() > 0);
            assertEquals(4096, Files.size(files.dbFile()), "nothing reached the database file yet");
        }
        try (Database db = files.open(); ReadTransaction r = db.beginRead()) {
            assertEquals(20, rows(r, "t").size());
            assertEquals(0, db.walFrames(), "the open made what it recovered durable with a checkpoint");
        }
    }
}
