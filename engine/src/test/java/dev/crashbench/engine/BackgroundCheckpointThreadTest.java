package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.put;
import static dev.crashbench.engine.TestDb.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.pager.BackgroundCheckpointer;
import dev.crashbench.engine.pager.CheckpointScheduler;
import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.local.TestDirs;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Background checkpoints on real files with the production driver, a daemon thread per opening:
 * commits never checkpoint themselves, the WAL stays bounded, readers on other threads keep whole
 * snapshots while the thread copies pages home, close stops the thread, and a failed checkpoint
 * sync on the thread stops later writes. (The crash safety of every step is recovery-tests'
 * business, where the same steps are driven deterministically.)
 */
class BackgroundCheckpointThreadTest {
    private static final String DB = "db";
    private static final String TABLE = "t";
    private static final int ROWS = 10;
    private static final EngineOptions OPTIONS = EngineOptions.defaults()
            .withAutoCheckpointFrames(8)
            .withWalPreallocatedFrames(16)
            .withOptimization(Optimization.BACKGROUND_CHECKPOINT, true);

    /** Commit {@code version}: every row holds the same version, so a snapshot must see one version throughout. */
    private static void commitVersion(Database db, int version) throws IOException {
        try (WriteTransaction w = db.beginWrite()) {
            Table t = w.hasTable(TABLE) ? w.table(TABLE) : w.createTable(TABLE);
            for (long key = 0; key < ROWS; key++) {
                t.put(key, bytes("v" + version));
            }
            w.commit();
        }
    }

    private static List<Thread> checkpointerThreads() {
        List<Thread> found = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("crashbench-checkpointer") && thread.isAlive()) {
                found.add(thread);
            }
        }
        return found;
    }

    @Test
    void commitsNeverCheckpointAndTheWalStaysBounded() throws IOException {
        LocalVfs vfs = LocalVfs.at(TestDirs.fresh("bgckpt-bounded"));
        int commits = 300;
        int walHighest = 0;
        try (Database db = Database.open(vfs, DB, OPTIONS)) {
            for (int version = 0; version < commits; version++) {
                commitVersion(db, version);
                walHighest = Math.max(walHighest, db.walFrames());
            }
            EngineEvents events = db.events();
            assertTrue(events.get(EngineEvent.BACKGROUND_CHECKPOINT) > 0, events.snapshot().toString());
            // Every checkpoint that copied pages was the thread's: none ran on the committing thread.
            assertEquals(events.get(EngineEvent.CHECKPOINT), events.get(EngineEvent.BACKGROUND_CHECKPOINT),
                    events.snapshot().toString());
        }
        // A commit of this shape writes a few frames; it can overshoot the full mark by one commit.
        int full = BackgroundCheckpointer.fullFrames(OPTIONS.autoCheckpointFrames());
        assertTrue(walHighest < full + 8, "the WAL grew to " + walHighest + " frames");
        try (Database db = Database.open(vfs, DB, OPTIONS)) {
            assertEquals("v" + (commits - 1), string(TestDb.get(db, TABLE, ROWS - 1)));
        }
    }

    @Test
    void withWriterReuseThePagesCopiedHomeStayIntact() throws IOException {
        // A reusing writer recycles a committed page's array once nothing but the cache holds it;
        // the thread copying that page home registers its snapshot, so the array is not recycled
        // under its write. The race itself is a matter of microseconds and this run need not hit
        // it; what it checks is that, with both on, every page the thread copied home is intact.
        LocalVfs vfs = LocalVfs.at(TestDirs.fresh("bgckpt-reuse"));
        EngineOptions options = OPTIONS.withOptimization(Optimization.WRITER_REUSE, true);
        int commits = 400;
        try (Database db = Database.open(vfs, DB, options)) {
            for (int version = 0; version < commits; version++) {
                commitVersion(db, version);
            }
            assertTrue(db.events().get(EngineEvent.BACKGROUND_CHECKPOINT) > 0);
            assertTrue(db.events().get(EngineEvent.WRITER_REUSED) > 0);
        }
        try (Database db = Database.open(vfs, DB, options)) {
            assertTrue(db.checkIntegrity().isEmpty(), db.checkIntegrity().toString());
            db.checkpoint(); // everything home: the database file alone must hold the last version
            try (ReadTransaction read = db.beginRead()) {
                Map<Long, String> rows = TestDb.rows(read, TABLE);
                assertEquals(ROWS, rows.size());
                assertTrue(rows.values().stream().allMatch(("v" + (commits - 1))::equals), rows.toString());
            }
        }
    }

    @Test
    void groupCommitWritersOnSeveralThreadsLoseNothingWhileTheThreadCheckpoints() throws Exception {
        LocalVfs vfs = LocalVfs.at(TestDirs.fresh("bgckpt-group"));
        EngineOptions options = OPTIONS.withOptimization(Optimization.GROUP_COMMIT, true);
        int writers = 4;
        int commits = 60;
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try (Database db = Database.open(vfs, DB, options)) {
            put(db, TABLE, -1, bytes("table"));
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                threads.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < commits; i++) {
                            put(db, TABLE, writer * 1_000L + i, bytes("w" + writer + "c" + i));
                        }
                    } catch (Throwable t) {
                        failed.compareAndSet(null, t);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(null, failed.get());
            assertEquals(null, db.failure());
            assertTrue(db.events().get(EngineEvent.BACKGROUND_CHECKPOINT) > 0, db.events().snapshot().toString());
        }
        try (Database db = Database.open(vfs, DB, options)) {
            assertTrue(db.checkIntegrity().isEmpty(), db.checkIntegrity().toString());
            for (int writer = 0; writer < writers; writer++) {
                for (int i = 0; i < commits; i++) {
                    assertEquals("w" + writer + "c" + i, string(TestDb.get(db, TABLE, writer * 1_000L + i)));
                }
            }
        }
    }

    @Test
    void readersOnOtherThreadsKeepWholeSnapshotsWhileTheThreadCopiesPages() throws Exception {
        LocalVfs vfs = LocalVfs.at(TestDirs.fresh("bgckpt-readers"));
        AtomicReference<String> broken = new AtomicReference<>();
        try (Database db = Database.open(vfs, DB, OPTIONS)) {
            commitVersion(db, 0);
            Thread reader = new Thread(() -> {
                try {
                    for (int i = 0; i < 400 && broken.get() == null; i++) {
                        try (ReadTransaction read = db.beginRead()) {
                            Map<Long, String> rows = TestDb.rows(read, TABLE);
                            if (rows.size() != ROWS || rows.values().stream().distinct().count() != 1) {
                                broken.set("snapshot " + i + " mixes versions: " + rows);
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    broken.set(e.toString());
                }
            });
            reader.start();
            for (int version = 1; version < 200; version++) {
                commitVersion(db, version);
            }
            reader.join();
            assertTrue(db.events().get(EngineEvent.BACKGROUND_CHECKPOINT) > 0);
            assertEquals(null, broken.get());
            assertTrue(db.checkIntegrity().isEmpty());
        }
    }

    @Test
    void aWriterWaitingForAFullWalWaitsForTheReaderHoldingItBackThenTheWalResets() throws Exception {
        LocalVfs vfs = LocalVfs.at(TestDirs.fresh("bgckpt-reader-wait"));
        int full = BackgroundCheckpointer.fullFrames(OPTIONS.autoCheckpointFrames());
        try (Database db = Database.open(vfs, DB, OPTIONS, CheckpointScheduler.thread(Duration.ofMinutes(1)))) {
            commitVersion(db, 0);
            ReadTransaction old = db.beginRead(); // began before the WAL filled: holds its reset back
            Thread closer = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                old.close();
            });
            closer.start();
            int walHighest = 0;
            for (int version = 1; version < 60; version++) {
                commitVersion(db, version);
                walHighest = Math.max(walHighest, db.walFrames());
            }
            closer.join();
            assertTrue(db.events().get(EngineEvent.WAL_FULL_WAIT) > 0, db.events().snapshot().toString());
            // The writer that found the WAL full waited for the reader instead of letting the WAL grow.
            assertTrue(walHighest < full + 8, "the WAL grew to " + walHighest + " frames past a reader");
        }
    }

    @Test
    void aReaderOpenLongerThanTheGraceLetsWritersGoOnAndTheWalGrow() throws IOException {
        LocalVfs vfs = LocalVfs.at(TestDirs.fresh("bgckpt-reader-grace"));
        int full = BackgroundCheckpointer.fullFrames(OPTIONS.autoCheckpointFrames());
        try (Database db = Database.open(vfs, DB, OPTIONS, CheckpointScheduler.thread(Duration.ZERO))) {
            commitVersion(db, 0);
            try (ReadTransaction old = db.beginRead()) {
                for (int version = 1; db.walFrames() < 2 * full; version++) {
                    commitVersion(db, version);
                }
                assertEquals("v0", string(old.table(TABLE).get(0)), "the reader keeps its snapshot");
            }
            assertTrue(db.events().get(EngineEvent.WAL_FULL_WAIT) > 0);
        }
    }

    /**
     * The lazy policy: the thread takes steps only in the writer's gaps. While a write transaction
     * is open (it holds the writer lock) the thread copies nothing home and syncs nothing, however
     * much work waits; once it ends, the thread catches up. The thread used to copy pages and sync
     * the database file beside commits, competing with them for the CPU and the device.
     */
    @Test
    void theThreadTakesNoStepWhileAWriteTransactionIsOpenAndCatchesUpOnceItEnds() throws Exception {
        RecordingVfs vfs = new RecordingVfs(LocalVfs.at(TestDirs.fresh("bgckpt-lazy")));
        try (Database db = Database.open(vfs, DB, OPTIONS)) {
            int version = 0;
            WriteTransaction open = null;
            for (int attempt = 0; attempt < 50 && open == null; attempt++) {
                while (db.walFrames() < OPTIONS.autoCheckpointFrames()) {
                    commitVersion(db, version++); // the commit past the threshold wakes the thread
                }
                WriteTransaction w = db.beginWrite();
                if (db.walFrames() >= OPTIONS.autoCheckpointFrames() && db.walFrames() > 0) {
                    open = w; // work waits for the thread, and this transaction holds the writer lock
                } else {
                    w.rollback(); // the thread got a gap first and reset the WAL: try again
                }
            }
            assertNotNull(open, "the thread reset the WAL in every gap");
            long databaseCalls = vfs.countStarting("write " + DB + "@") + vfs.count("sync " + DB);
            long resets = db.events().get(EngineEvent.WAL_RESET);
            Thread.sleep(200);
            assertEquals(databaseCalls, vfs.countStarting("write " + DB + "@") + vfs.count("sync " + DB),
                    "the thread wrote or synced the database file while a write transaction was open");
            assertEquals(resets, db.events().get(EngineEvent.WAL_RESET));
            open.rollback();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (db.events().get(EngineEvent.WAL_RESET) == resets && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(db.events().get(EngineEvent.WAL_RESET) > resets, "the thread caught up once the writer left");
        }
    }

    @Test
    void closeStopsTheThread() throws IOException {
        LocalVfs vfs = LocalVfs.at(TestDirs.fresh("bgckpt-close"));
        String name = "crashbench-checkpointer " + DB;
        try (Database db = Database.open(vfs, DB, OPTIONS)) {
            for (int version = 0; version < 20; version++) {
                commitVersion(db, version);
            }
            assertTrue(checkpointerThreads().stream().anyMatch(t -> t.getName().equals(name)),
                    "the first wake started the thread");
        }
        assertTrue(checkpointerThreads().stream().noneMatch(t -> t.getName().equals(name)), "close stopped it");
    }

    @Test
    void aFailedCheckpointSyncOnTheThreadStopsLaterWrites() throws Exception {
        RecordingVfs vfs = new RecordingVfs(LocalVfs.at(TestDirs.fresh("bgckpt-failstop")));
        try (Database db = Database.open(vfs, DB, OPTIONS)) {
            put(db, TABLE, 0, bytes("zero"));
            vfs.failNextSyncs(DB, 1);
            IOException refused = null;
            for (int version = 0; version < 1_000 && refused == null; version++) {
                try {
                    commitVersion(db, version);
                } catch (DatabaseFailedException e) {
                    refused = e;
                }
            }
            assertNotNull(refused, "writes go on after the thread's failed sync");
            assertNotNull(db.failure());
            assertTrue(vfs.count("sync-failed " + DB) == 1, vfs.events().toString());
            assertThrows(DatabaseFailedException.class, db::beginWrite);
        }
    }
}
