package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.get;
import static dev.crashbench.engine.TestDb.put;
import static dev.crashbench.engine.TestDb.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.wal.WalFrame;
import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.local.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each {@link UnsafeMutation} changes what the engine does, seen through a {@link RecordingVfs}
 * over real files: every test runs one scenario on the healthy engine and on the mutated one and
 * checks the I/O that differs. (Whether the crash explorer catches the mutation is the
 * recovery-tests module's business.)
 */
class UnsafeMutationTest {
    private static final String DB = "db";
    private static final String WAL = "db-wal";
    private static final EngineOptions HEALTHY = EngineOptions.defaults()
            .withOptimization(Optimization.DELTA_FRAMES, false) // full frames: the offsets and sizes checked here are of 4 KiB frames
            .withWalPreallocatedFrames(16)
            .withAutoCheckpointFrames(1000);

    private Path dir;

    private RecordingVfs freshVfs(String label) throws IOException {
        dir = TestDirs.fresh(label);
        return new RecordingVfs(LocalVfs.at(dir));
    }

    private static String value(Database db, long key) throws IOException {
        return string(get(db, "t", key));
    }

    private static void assertBefore(RecordingVfs vfs, int earlier, int later, String what) {
        assertTrue(earlier >= 0 && later >= 0 && earlier < later, what + ": " + vfs.events());
    }

    // ---- unsafe_sync_is_noop ------------------------------------------------------------------

    @Test
    void syncIsNoopLetsCommitsAndCheckpointsReturnWithoutOneSync() throws IOException {
        for (boolean mutated : new boolean[] {false, true}) {
            RecordingVfs vfs = freshVfs("sync-noop");
            EngineOptions options = mutated ? HEALTHY.withMutation(UnsafeMutation.SYNC_IS_NOOP) : HEALTHY;
            try (Database db = Database.open(vfs, DB, options)) {
                vfs.clear();
                put(db, "t", 1, bytes("one"));
                assertEquals(mutated ? 0 : 1, vfs.count("sync " + WAL), "commit: " + vfs.events());
                assertEquals("one", value(db, 1), "the commit is acknowledged and visible either way");

                vfs.clear();
                assertTrue(db.checkpoint().walReset());
                assertTrue(vfs.countStarting("write " + DB + "@") > 0, "the checkpoint copies pages home");
                if (mutated) {
                    assertEquals(0, vfs.countStarting("sync "), "checkpoint: " + vfs.events());
                } else {
                    assertEquals(1, vfs.count("sync " + DB), "checkpoint: " + vfs.events());
                    assertEquals(1, vfs.count("sync " + WAL), "the reset's header sync: " + vfs.events());
                }
                assertNull(db.failure(), "the engine believes every sync succeeded");
            }
        }
    }

    // ---- unsafe_ack_before_sync ---------------------------------------------------------------

    @Test
    void ackBeforeSyncReturnsFromCommitBeforeItsWalSyncWhichTheNextCommitIssues() throws IOException {
        for (boolean mutated : new boolean[] {false, true}) {
            RecordingVfs vfs = freshVfs("ack-before-sync");
            EngineOptions options = mutated ? HEALTHY.withMutation(UnsafeMutation.ACK_BEFORE_SYNC) : HEALTHY;
            try (Database db = Database.open(vfs, DB, options)) {
                vfs.clear();
                put(db, "t", 1, bytes("one"));
                List<String> first = vfs.events();
                assertEquals("one", value(db, 1), "acknowledged and visible to readers");
                if (mutated) {
                    assertEquals(0, vfs.count("sync " + WAL), "acked with no sync yet: " + first);
                } else {
                    assertEquals("sync " + WAL, first.get(first.size() - 1), "healthy: the sync is the last I/O before the ack");
                }

                vfs.clear();
                put(db, "t", 2, bytes("two"));
                List<String> second = vfs.events();
                if (mutated) {
                    assertEquals("sync " + WAL, second.get(0), "the owed sync comes when the next commit starts: " + second);
                    assertEquals(1, vfs.count("sync " + WAL), "and this commit's own sync is owed again: " + second);
                    assertTrue(second.get(second.size() - 1).startsWith("write " + WAL + "@"), second.toString());
                } else {
                    assertTrue(second.get(0).startsWith("write " + WAL + "@"), second.toString());
                    assertEquals("sync " + WAL, second.get(second.size() - 1), second.toString());
                }
            }
        }
    }

    @Test
    void ackBeforeSyncChangesNothingWithoutFullDurability() throws IOException {
        RecordingVfs vfs = freshVfs("ack-before-sync-normal");
        EngineOptions options = HEALTHY.withDurability(Durability.NORMAL).withMutation(UnsafeMutation.ACK_BEFORE_SYNC);
        try (Database db = Database.open(vfs, DB, options)) {
            vfs.clear();
            put(db, "t", 1, bytes("one"));
            put(db, "t", 2, bytes("two"));
            assertEquals(0, vfs.countStarting("sync "), "NORMAL never syncs a commit: " + vfs.events());
        }
    }

    // ---- unsafe_wal_reset_before_db_sync ------------------------------------------------------

    @Test
    void walResetBeforeDbSyncWritesTheNewWalHeaderBeforeTheDatabaseFileIsSynced() throws IOException {
        for (boolean mutated : new boolean[] {false, true}) {
            RecordingVfs vfs = freshVfs("reset-before-db-sync");
            EngineOptions options = mutated ? HEALTHY.withMutation(UnsafeMutation.WAL_RESET_BEFORE_DB_SYNC) : HEALTHY;
            try (Database db = Database.open(vfs, DB, options)) {
                for (long k = 0; k < 5; k++) {
                    put(db, "t", k, bytes("v" + k));
                }
                vfs.clear();
                assertTrue(db.checkpoint().walReset());
                int lastHomeWrite = -1;
                List<String> events = vfs.events();
                for (int i = 0; i < events.size(); i++) {
                    if (events.get(i).startsWith("write " + DB + "@")) {
                        lastHomeWrite = i;
                    }
                }
                int homeSync = vfs.first("sync " + DB);
                int resetHeader = vfs.first("write " + WAL + "@0");
                assertEquals(1, vfs.count("sync " + DB), "the database file is synced once either way: " + events);
                assertBefore(vfs, lastHomeWrite, homeSync, "the home copies are written before their sync");
                if (mutated) {
                    assertBefore(vfs, resetHeader, homeSync, "mutated: the WAL is reset before the home copies are durable");
                } else {
                    assertBefore(vfs, homeSync, resetHeader, "healthy: the home copies are durable before the reset");
                }
            }
            try (Database db = Database.open(new RecordingVfs(LocalVfs.at(dir)), DB, options)) {
                assertEquals("v4", value(db, 4), "without a crash both engines keep the data");
            }
        }
    }

    // ---- unsafe_no_frame_checksum -------------------------------------------------------------

    @Test
    void noFrameChecksumReplaysACommitWhoseFrameFailsItsChecksum() throws IOException {
        RecordingVfs vfs = freshVfs("no-frame-checksum");
        int framesOfFirst;
        byte[] walBeforeClose;
        try (Database db = Database.open(vfs, DB, HEALTHY)) {
            put(db, "t", 1, bytes("one"));
            framesOfFirst = db.walFrames();
            put(db, "t", 2, bytes("two"));
            assertTrue(db.walFrames() > framesOfFirst);
            // Damage the checksum field of the second commit's last frame (its commit marker).
            TestDb.flipByte(dir.resolve(WAL), WalFrame.offset(db.walFrames() - 1) + WalFrame.OFFSET_CHECKSUM);
            walBeforeClose = java.nio.file.Files.readAllBytes(dir.resolve(WAL));
        }
        TestDb.crashInsteadOfClose(dir.resolve(WAL), walBeforeClose); // no close frame to vouch for the commit
        // The healthy open checkpoints what it recovered and resets the WAL: keep the damaged files for the mutated one.
        byte[] damagedDb = java.nio.file.Files.readAllBytes(dir.resolve(DB));
        byte[] damagedWal = java.nio.file.Files.readAllBytes(dir.resolve(WAL));
        try (Database db = Database.open(vfs, DB, HEALTHY)) {
            assertEquals("one", value(db, 1));
            assertNull(value(db, 2));
        }
        java.nio.file.Files.write(dir.resolve(DB), damagedDb);
        java.nio.file.Files.write(dir.resolve(WAL), damagedWal);
        try (Database db = Database.open(vfs, DB, HEALTHY.withMutation(UnsafeMutation.NO_FRAME_CHECKSUM))) {
            assertEquals("two", value(db, 2));
        }
    }

    @Test
    void noFrameChecksumReplaysATornFrameThatOnlyThePageChecksumThenCatches() throws IOException {
        RecordingVfs vfs = freshVfs("no-frame-checksum-torn");
        int framesOfFirst;
        int last;
        byte[] walBeforeClose;
        try (Database db = Database.open(vfs, DB, HEALTHY)) {
            put(db, "t", 1, bytes("one"));
            framesOfFirst = db.walFrames();
            put(db, "t", 2, bytes("two"));
            last = db.walFrames() - 1;
            walBeforeClose = java.nio.file.Files.readAllBytes(dir.resolve(WAL));
        }
        TestDb.crashInsteadOfClose(dir.resolve(WAL), walBeforeClose);
        // A torn write: the frame header reached the disk, the end of the image did not.
        TestDb.writeRaw(dir.resolve(WAL), WalFrame.offset(last) + WalFrame.OFFSET_IMAGE + 2048, new byte[2048]);
        byte[] tornDb = java.nio.file.Files.readAllBytes(dir.resolve(DB));
        byte[] tornWal = java.nio.file.Files.readAllBytes(dir.resolve(WAL));
        try (Database db = Database.open(vfs, DB, HEALTHY)) {
            assertEquals(List.of(), db.checkIntegrity());
            assertNull(value(db, 2));
        }
        java.nio.file.Files.write(dir.resolve(DB), tornDb);
        java.nio.file.Files.write(dir.resolve(WAL), tornWal);
        // Mutated recovery takes the torn frame in; the page checksum then refuses it, at open
        // when the torn page is page 0, else when the page is read.
        assertThrows(CorruptDatabaseException.class, () -> {
            try (Database db = Database.open(vfs, DB, HEALTHY.withMutation(UnsafeMutation.NO_FRAME_CHECKSUM))) {
                assertEquals(last + 1, db.walFrames(), "the torn frame is part of the recovered state");
                value(db, 2);
            }
        });
    }

    // ---- unsafe_accept_stale_salt ------------------------------------------------------------

    @Test
    void acceptStaleSaltUndoesAnAcknowledgedUpdateAtTheNextOpenWithoutAnyCrash() throws IOException {
        for (boolean mutated : new boolean[] {false, true}) {
            RecordingVfs vfs = freshVfs("accept-stale-salt");
            EngineOptions options = mutated ? HEALTHY.withMutation(UnsafeMutation.ACCEPT_STALE_SALT) : HEALTHY;
            int framesBeforeReset;
            byte[] walBeforeClose;
            try (Database db = Database.open(vfs, DB, options)) {
                for (long k = 0; k < 5; k++) {
                    put(db, "t", k, bytes("v" + k));
                }
                framesBeforeReset = db.walFrames();
                assertTrue(db.checkpoint().walReset());
                put(db, "t", 1, bytes("new"));
                assertTrue(db.walFrames() < framesBeforeReset, "the new generation is shorter than the retired one");
                walBeforeClose = java.nio.file.Files.readAllBytes(dir.resolve(WAL));
            }
            // As a process killed after the commit leaves the files: a close frame would cover the
            // retired frame right after the new generation's.
            TestDb.crashInsteadOfClose(dir.resolve(WAL), walBeforeClose);
            try (Database db = Database.open(vfs, DB, options)) {
                if (mutated) {
                    assertEquals("v1", value(db, 1), "mutated: the acknowledged update is undone by a retired frame");
                } else {
                    assertEquals("new", value(db, 1));
                }
                assertEquals("v4", value(db, 4));
            }
        }
    }

    // ---- unsafe_retry_sync_after_eio ----------------------------------------------------------

    @Test
    void retrySyncAfterEioAcknowledgesACommitWhoseSyncFailed() throws IOException {
        RecordingVfs healthyVfs = freshVfs("retry-after-eio-healthy");
        try (Database db = Database.open(healthyVfs, DB, HEALTHY)) {
            healthyVfs.failNextSyncs(WAL, 1);
            IOException e = assertThrows(IOException.class, () -> put(db, "t", 1, bytes("one")));
            assertTrue(e.getMessage().contains("EIO"), e.getMessage());
            assertNotNull(db.failure(), "healthy: fail-stop");
            assertThrows(DatabaseFailedException.class, db::beginWrite);
            try (ReadTransaction r = db.beginRead()) {
                assertFalse(r.hasTable("t"), "the failed commit (which created the table) is not published");
            }
        }

        RecordingVfs vfs = freshVfs("retry-after-eio");
        try (Database db = Database.open(vfs, DB, HEALTHY.withMutation(UnsafeMutation.RETRY_SYNC_AFTER_EIO))) {
            vfs.clear();
            vfs.failNextSyncs(WAL, 1);
            put(db, "t", 1, bytes("one"));
            assertEquals(List.of("sync-failed " + WAL, "sync " + WAL),
                    vfs.events().stream().filter(ev -> ev.startsWith("sync")).toList());
            assertNull(db.failure(), "mutated: the failure is forgotten");
            assertEquals("one", value(db, 1), "and the commit acknowledged");
            put(db, "t", 2, bytes("two"));
        }
    }

    @Test
    void retrySyncAfterEioStillFailsWhenTheRetryFailsToo() throws IOException {
        RecordingVfs vfs = freshVfs("retry-after-eio-twice");
        try (Database db = Database.open(vfs, DB, HEALTHY.withMutation(UnsafeMutation.RETRY_SYNC_AFTER_EIO))) {
            vfs.failNextSyncs(WAL, 2);
            IOException e = assertThrows(IOException.class, () -> put(db, "t", 1, bytes("one")));
            assertEquals(1, e.getSuppressed().length, "the first failure travels with the second");
            assertNotNull(db.failure());
        }
    }

    // ---- unsafe_no_dir_sync_on_wal_create -----------------------------------------------------

    @Test
    void noDirSyncOnWalCreateLeavesTheNewWalsNameUnsynced() throws IOException {
        for (boolean mutated : new boolean[] {false, true}) {
            RecordingVfs vfs = freshVfs("no-dir-sync");
            EngineOptions options = mutated ? HEALTHY.withMutation(UnsafeMutation.NO_DIR_SYNC_ON_WAL_CREATE) : HEALTHY;
            try (Database db = Database.open(vfs, DB, options)) {
                put(db, "t", 1, bytes("one"));
            }
            List<String> events = vfs.events();
            int renamed = vfs.first("rename db-new " + DB);
            int walCreated = vfs.first("create " + WAL);
            assertBefore(vfs, renamed, walCreated, "the database is created before its WAL");
            assertEquals(renamed + 1, vfs.first("syncdir "), "the database's own creation is synced either way: " + events);
            assertEquals(mutated ? 1 : 2, vfs.count("syncdir "), events.toString());
            if (!mutated) {
                assertBefore(vfs, walCreated, vfs.last("syncdir "), "healthy: the WAL's name is synced");
            }

            // An existing database whose WAL is gone: the WAL is created again at open.
            Files.delete(dir.resolve(WAL));
            vfs.clear();
            try (Database db = Database.open(vfs, DB, options)) {
                assertEquals(0, db.walFrames());
            }
            assertEquals(0, vfs.first("create " + WAL), vfs.events().toString());
            assertEquals(mutated ? 0 : 1, vfs.count("syncdir "), vfs.events().toString());
        }
    }

    // ---- unsafe_backfill_before_commit_durable ------------------------------------------------

    @Test
    void backfillBeforeCommitDurableCopiesUnsyncedCommitsHome() throws IOException {
        for (boolean mutated : new boolean[] {false, true}) {
            RecordingVfs vfs = freshVfs("backfill-before-durable");
            EngineOptions options = HEALTHY.withDurability(Durability.NORMAL);
            if (mutated) {
                options = options.withMutation(UnsafeMutation.BACKFILL_BEFORE_COMMIT_DURABLE);
            }
            try (Database db = Database.open(vfs, DB, options)) {
                vfs.clear();
                for (long k = 0; k < 5; k++) {
                    put(db, "t", k, bytes("v" + k));
                }
                assertEquals(0, vfs.countStarting("sync "), "NORMAL commits are not synced: " + vfs.events());
                assertTrue(db.checkpoint().walReset());
                int firstHomeWrite = vfs.firstStarting("write " + DB + "@");
                int walSync = vfs.first("sync " + WAL);
                if (mutated) {
                    assertBefore(vfs, firstHomeWrite, walSync, "mutated: pages go home before their frames are synced");
                    assertBefore(vfs, vfs.firstStarting("write " + WAL + "@0"), walSync,
                            "and the only WAL sync is the reset's header sync");
                } else {
                    assertBefore(vfs, walSync, firstHomeWrite, "healthy: the WAL is synced before any page goes home");
                }
            }
        }
    }

    @Test
    void backfillBeforeCommitDurableChangesNothingWhenEveryCommitIsAlreadySynced() throws IOException {
        List<List<String>> traces = new java.util.ArrayList<>();
        for (boolean mutated : new boolean[] {false, true}) {
            RecordingVfs vfs = freshVfs("backfill-full");
            EngineOptions options = mutated ? HEALTHY.withMutation(UnsafeMutation.BACKFILL_BEFORE_COMMIT_DURABLE) : HEALTHY;
            try (Database db = Database.open(vfs, DB, options)) {
                vfs.clear();
                for (long k = 0; k < 5; k++) {
                    put(db, "t", k, bytes("v" + k));
                }
                db.checkpoint();
                traces.add(vfs.events());
            }
        }
        assertEquals(traces.get(0), traces.get(1), "FULL durability syncs every commit, so the checkpoint has nothing to skip");
    }
}
