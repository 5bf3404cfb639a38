package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.put;
import static dev.crashbench.engine.TestDb.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.wal.DeltaCodec;
import dev.crashbench.engine.wal.WalFrame;
import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The delta_frames option end to end: what a one-row update writes to the WAL with it off and on,
 * when a full image is written instead, snapshot readers and recovery rebuilding pages, the
 * checkpoint coalescing them, and the two unsafe variants at the engine level.
 */
class DeltaFramesTest {
    private static final String DB = "db";
    private static final String WAL = DB + "-wal";
    private static final int ROWS = 40;

    private static EngineOptions options(boolean deltas) {
        // No automatic checkpoint inside a test's commits: each test says when the WAL resets.
        return EngineOptions.defaults().withAutoCheckpointFrames(10_000).withWalPreallocatedFrames(64)
                .withOptimization(Optimization.DELTA_FRAMES, deltas);
    }

    /** A table of {@link #ROWS} short rows (one leaf), checkpointed, so the WAL starts a new generation. */
    private static Database seeded(RecordingVfs vfs, EngineOptions options) throws IOException {
        Database db = Database.open(vfs, DB, options);
        try (WriteTransaction w = db.beginWrite()) {
            Table t = w.createTable("t");
            for (long k = 0; k < ROWS; k++) {
                t.put(k, bytes("value " + (1000 + k)));
            }
            w.commit();
        }
        db.checkpoint();
        return db;
    }

    /** WAL bytes written by each of {@code commits} one-row updates (same length, new value) after the first. */
    private static long[] walBytesPerUpdate(boolean deltas, int commits) throws IOException {
        RecordingVfs vfs = new RecordingVfs(new MemoryVfs("bytes"));
        try (Database db = seeded(vfs, options(deltas))) {
            put(db, "t", 7, bytes("value 2000")); // the generation's first frame of the leaf (and page 0) is full
            long[] written = new long[commits];
            for (int i = 0; i < commits; i++) {
                vfs.clear();
                put(db, "t", 7, bytes("value " + (3000 + i)));
                written[i] = vfs.writeLengths(WAL).stream().mapToLong(Integer::longValue).sum();
            }
            return written;
        }
    }

    /** The figure the issue asks for: bytes written to the WAL per one-row update, off and on. */
    @Test
    void aOneRowUpdateWritesOneSectorOfWalWithDeltasInsteadOfAFullFrame() throws IOException {
        long[] off = walBytesPerUpdate(false, 5);
        long[] on = walBytesPerUpdate(true, 5);
        System.out.printf("WAL bytes per one-row update: delta_frames=false %d, delta_frames=true %d%n", off[0], on[0]);
        for (int i = 0; i < 5; i++) {
            assertEquals(WalFrame.SIZE, off[i], "off: one full frame per update");
            assertEquals(WalFrame.ALIGNMENT, on[i], "on: one delta frame of one sector per update");
        }
    }

    @Test
    void aPageGetsAFullImageAgainAfterMaxChainDeltasAndAfterEveryWalReset() throws IOException {
        RecordingVfs vfs = new RecordingVfs(new MemoryVfs("chain"));
        try (Database db = seeded(vfs, options(true))) {
            long before = db.events().get(EngineEvent.DELTA_FRAME);
            int updates = 2 * (DeltaCodec.MAX_CHAIN + 1) + 2;
            for (int i = 0; i < updates; i++) {
                put(db, "t", 3, bytes("value " + (5000 + i)));
            }
            // Leaf frames: full, MAX_CHAIN deltas, full, MAX_CHAIN deltas, full, one delta.
            assertEquals(2L * DeltaCodec.MAX_CHAIN + 1, db.events().get(EngineEvent.DELTA_FRAME) - before);
            db.checkpoint();
            long afterReset = db.events().get(EngineEvent.DELTA_FRAME);
            put(db, "t", 3, bytes("value 9999"));
            assertEquals(afterReset, db.events().get(EngineEvent.DELTA_FRAME),
                    "the first frame of a page in a new generation is full");
            assertEquals(List.of(), db.checkIntegrity());
        }
    }

    @Test
    void snapshotReadersGetPagesRebuiltFromDeltasAndTheCheckpointCoalescesThem() throws IOException {
        RecordingVfs vfs = new RecordingVfs(new MemoryVfs("readers"));
        // A one-page cache: every read of an older or newer version is rebuilt from the WAL.
        EngineOptions options = options(true).withCacheSizePages(1);
        try (Database db = seeded(vfs, options)) {
            put(db, "t", 1, bytes("value A001"));
            ReadTransaction old = db.beginRead();
            for (int i = 0; i < 5; i++) {
                put(db, "t", 1 + i, bytes("value B00" + i));
            }
            assertTrue(db.events().get(EngineEvent.DELTA_FRAME) >= 5);
            Map<Long, String> seen = rows(old, "t");
            assertEquals("value A001", seen.get(1L));
            assertEquals("value 1002", seen.get(2L));
            old.close();
            try (ReadTransaction now = db.beginRead()) {
                Map<Long, String> rows = rows(now, "t");
                assertEquals(ROWS, rows.size());
                assertEquals("value B004", rows.get(5L));
            }
            assertTrue(db.events().get(EngineEvent.DELTA_APPLIED) > 0, "pages were rebuilt from deltas");
            assertEquals(List.of(), db.checkIntegrity());
            db.checkpoint();
            assertEquals(0, db.walFrames(), "every chain is home as full pages");
        }
        try (Database db = Database.open(vfs, DB, options); ReadTransaction r = db.beginRead()) {
            assertEquals("value B004", rows(r, "t").get(5L));
            assertEquals(List.of(), db.checkIntegrity());
        }
    }

    @Test
    void recoveryRebuildsPagesFromTheirDeltas() throws IOException {
        MemoryVfs memory = new MemoryVfs("recovery");
        RecordingVfs vfs = new RecordingVfs(memory);
        try (Database db = seeded(vfs, options(true))) {
            for (int i = 0; i < 6; i++) {
                put(db, "t", 10 + i, bytes("value C00" + i));
            }
            assertTrue(db.walFrames() > 0);
        } // close never checkpoints: the deltas stay in the WAL
        try (Database db = Database.open(vfs, DB, options(true)); ReadTransaction r = db.beginRead()) {
            assertTrue(db.events().get(EngineEvent.DELTA_APPLIED) > 0, "recovery rebuilt pages from deltas");
            Map<Long, String> rows = rows(r, "t");
            assertEquals("value C005", rows.get(15L));
            assertEquals("value 1009", rows.get(9L));
            assertEquals(List.of(), db.checkIntegrity());
        }
        // Delta frames need no option to be read: an engine with the option off recovers them too.
        try (Database db = Database.open(vfs, DB, options(false)); ReadTransaction r = db.beginRead()) {
            assertEquals("value C005", rows(r, "t").get(15L));
        }
    }

    /** The careless writer that remembers bases across a reset: its delta names a frame of the new generation. */
    @Test
    void aDeltaAgainstABaseOfARetiredGenerationIsRefusedAsCorruption() throws IOException {
        MemoryVfs memory = new MemoryVfs("across-reset");
        RecordingVfs vfs = new RecordingVfs(memory);
        EngineOptions careless = options(false).withMutation(UnsafeMutation.DELTA_BASE_ACROSS_RESET);
        assertTrue(careless.has(Optimization.DELTA_FRAMES), "the mutation switches its optimization on");
        try (Database db = seeded(vfs, careless)) {
            put(db, "t", 1, bytes("value D001"));
            put(db, "t", 1, bytes("value D002"));
            put(db, "t", 1, bytes("value D003"));
            db.checkpoint();
            put(db, "t", 1, bytes("value D004")); // frame 0 of the new generation, a delta naming frame 2
        }
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class,
                () -> Database.open(vfs, DB, options(true)).close());
        assertTrue(e.getMessage().contains("as its base"), e.getMessage());
    }

    @Test
    void unalignedDeltaFramesLeaveTheNextCommitStartingInsideASector() throws IOException {
        RecordingVfs vfs = new RecordingVfs(new MemoryVfs("unaligned"));
        EngineOptions careless = options(false).withMutation(UnsafeMutation.DELTA_UNALIGNED);
        try (Database db = seeded(vfs, careless)) {
            put(db, "t", 1, bytes("value E001"));
            put(db, "t", 1, bytes("value E002"));
            vfs.clear();
            put(db, "t", 1, bytes("value E003"));
            String write = vfs.events().stream().filter(line -> line.startsWith("write " + WAL + "@")).findFirst()
                    .orElseThrow();
            long offset = Long.parseLong(write.substring(write.indexOf('@') + 1));
            assertNotEquals(0, offset % WalFrame.ALIGNMENT, "the commit's write starts inside a sector: " + write);
        }
        try (Database db = Database.open(vfs, DB, careless); ReadTransaction r = db.beginRead()) {
            assertEquals("value E003", rows(r, "t").get(1L), "without a tear, the unaligned frames read back");
        }
    }
}
