package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.pager.BackgroundCheckpointer;
import dev.crashbench.engine.pager.CheckpointScheduler;
import dev.crashbench.engine.pager.SteppedCheckpoints;
import dev.crashbench.engine.wal.WalFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/**
 * The WAL stays bounded while read transactions overlap, never all closed at once (issue 14's
 * probe: 1 writer and 8 readers of 20 ms each grew the WAL to 894.9 MB in 60 s). One thread
 * interleaves everything, so the run is the same every time: a writer commits thousands of times,
 * and every {@link #COMMITS_PER_READER} commits a new reader begins before the one before closes,
 * so a reader is always open, each living across several commits. (With several readers open
 * across each commit, the reset needs the writer to wait for the older ones, which one thread
 * cannot do: {@link WalBoundThreadsTest} has that case.) Every reader must
 * see its own snapshot when it closes, and the WAL file must stay within the bound README states:
 * twice {@code auto_checkpoint_frames} frames plus one commit's.
 *
 * <p>Negative controls: with checkpoints only after commits (the policy before the bound,
 * {@link CheckpointScheduler#afterCommitsOnly}), the same run never resets the WAL and it grows past
 * the bound; with {@link UnsafeMutation#RESET_PAST_LIVE_READER}, a reader finds commits newer than
 * its snapshot.
 */
class WalBoundTest {
    static final String TABLE = "t";
    static final int ROWS = 4;
    private static final int COMMITS = 3_000;
    private static final int COMMITS_PER_READER = 5;
    static final int AUTO_CHECKPOINT_FRAMES = 32;
    static final EngineOptions OPTIONS = EngineOptions.defaults()
            .withOptimization(Optimization.DELTA_FRAMES, false) // the bound is counted in full frames
            .withAutoCheckpointFrames(AUTO_CHECKPOINT_FRAMES)
            .withWalPreallocatedFrames(8);

    /** What a run did: the WAL file's largest size, the largest commit in frames, the resets, the first wrong read. */
    private record Run(long walBytesMax, int commitFramesMax, long resets, String wrongRead) {
        long bound() {
            return WalFrame.offset(BackgroundCheckpointer.fullFrames(AUTO_CHECKPOINT_FRAMES) + commitFramesMax);
        }
    }

    /** A reader and the version every row had when it began. */
    private record Held(ReadTransaction reader, int version) {
    }

    private static Run run(String label, EngineOptions options, CheckpointScheduler scheduler) throws IOException {
        TestDb t = TestDb.fresh(label);
        Deque<Held> readers = new ArrayDeque<>();
        long walBytesMax = 0;
        int commitFramesMax = 0;
        String wrongRead = null;
        try (Database db = Database.open(t.vfs, TestDb.NAME, options, scheduler)) {
            commitVersion(db, 0);
            for (int version = 1; version <= COMMITS && wrongRead == null; version++) {
                if (version % COMMITS_PER_READER == 0) {
                    readers.addLast(new Held(db.beginRead(), version - 1));
                    if (readers.size() > 1) {
                        wrongRead = closeChecking(readers.removeFirst()); // the next one is open already
                    }
                }
                int before = db.walFrames();
                commitVersion(db, version);
                int after = db.walFrames();
                if (after > before) {
                    commitFramesMax = Math.max(commitFramesMax, after - before);
                }
                walBytesMax = Math.max(walBytesMax, Files.size(t.walFile()));
            }
            while (!readers.isEmpty() && wrongRead == null) {
                wrongRead = closeChecking(readers.removeFirst());
            }
            readers.forEach(held -> held.reader().close());
            return new Run(walBytesMax, commitFramesMax, db.events().get(EngineEvent.WAL_RESET), wrongRead);
        }
    }

    /** Every row holds {@code version}: a snapshot must see one version throughout. */
    static void commitVersion(Database db, int version) throws IOException {
        try (WriteTransaction w = db.beginWrite()) {
            Table table = w.hasTable(TABLE) ? w.table(TABLE) : w.createTable(TABLE);
            for (long key = 0; key < ROWS; key++) {
                table.put(key, bytes("v" + version));
            }
            w.commit();
        }
    }

    /** Closes {@code held}'s reader after reading every row; null when each held the version it began with. */
    private static String closeChecking(Held held) throws IOException {
        try (ReadTransaction reader = held.reader()) {
            for (long key = 0; key < ROWS; key++) {
                String seen = string(reader.table(TABLE).get(key));
                if (!seen.equals("v" + held.version())) {
                    return "a reader that began at v" + held.version() + " read row " + key + " = " + seen;
                }
            }
        }
        return null;
    }

    @Test
    void overlappingReadersNeverKeepTheWalFromResettingAndEachKeepsItsSnapshot() throws IOException {
        Run run = run("wal-bound", OPTIONS, CheckpointScheduler.THREAD);
        assertEquals(null, run.wrongRead());
        assertTrue(run.resets() > COMMITS / 100, "WAL resets: " + run.resets());
        assertTrue(run.walBytesMax() <= run.bound(), "WAL grew to " + run.walBytesMax() + " B, bound " + run.bound());
    }

    @Test
    void withSteppedCheckpointsTheInlineBoundHoldsToo() throws IOException {
        // The simulated tier's scheduler waits for no reader (its readers live on the writer's thread);
        // the checkpoint before each write is what resets the WAL here, not a wait.
        Run run = run("wal-bound-stepped", OPTIONS, new SteppedCheckpoints());
        assertEquals(null, run.wrongRead());
        assertTrue(run.walBytesMax() <= run.bound(), "WAL grew to " + run.walBytesMax() + " B, bound " + run.bound());
    }

    /**
     * The bound's one condition: a reader open longer than the reader grace. The first write that
     * finds the WAL full waits out the grace for it (the reader lives on this thread, so it cannot
     * close meanwhile); later writes do not wait for the same reader again, and the WAL grows past
     * the bound; once it closes, the next write resets the WAL.
     */
    @Test
    void aReaderOpenLongerThanTheGraceCostsOneWriterOneGraceAndTheResetComesOnceItCloses() throws IOException {
        TestDb t = TestDb.fresh("wal-bound-grace");
        int full = BackgroundCheckpointer.fullFrames(AUTO_CHECKPOINT_FRAMES);
        try (Database db = Database.open(t.vfs, TestDb.NAME, OPTIONS,
                CheckpointScheduler.thread(java.time.Duration.ofMillis(20)))) {
            commitVersion(db, 0);
            Held held = new Held(db.beginRead(), 0);
            for (int version = 1; version <= 3 * full; version++) {
                commitVersion(db, version);
            }
            assertTrue(db.walFrames() > full, "the WAL grew past full: " + db.walFrames());
            assertEquals(1, db.events().get(EngineEvent.WAL_FULL_WAIT), "one writer waited the grace out");
            assertEquals(null, closeChecking(held));
            long resets = db.events().get(EngineEvent.WAL_RESET);
            commitVersion(db, 3 * full + 1);
            assertEquals(resets + 1, db.events().get(EngineEvent.WAL_RESET), "the next write reset the WAL");
            assertTrue(db.walFrames() < AUTO_CHECKPOINT_FRAMES, "frames left: " + db.walFrames());
        }
    }

    @Test
    void withCheckpointsOnlyAfterCommitsTheSameReadersGrowTheWalPastTheBound() throws IOException {
        Run run = run("wal-bound-after-commits", OPTIONS, CheckpointScheduler.afterCommitsOnly(CheckpointScheduler.THREAD));
        assertEquals(null, run.wrongRead());
        assertEquals(0, run.resets(), "a reader older than each commit is open at every checkpoint");
        assertTrue(run.walBytesMax() > 10 * run.bound(), "WAL grew to " + run.walBytesMax() + " B only, bound "
                + run.bound());
    }

    @Test
    void aResetPastALiveReaderShowsItNewerCommits() throws IOException {
        Run run = run("wal-bound-unsafe", OPTIONS.withMutation(UnsafeMutation.RESET_PAST_LIVE_READER),
                CheckpointScheduler.THREAD);
        assertTrue(run.wrongRead() != null, "every reader kept its snapshot; " + run);
    }
}
