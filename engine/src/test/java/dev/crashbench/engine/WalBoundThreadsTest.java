package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.pager.BackgroundCheckpointer;
import dev.crashbench.engine.wal.WalFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's probe in small, on real threads: one writer and {@link #READER_THREADS} readers that
 * each hold a snapshot for a few milliseconds, started so that they overlap and are never all
 * closed at once. Several readers older than the WAL's end are open at almost every commit, so the
 * reset comes mostly because a writer that finds the WAL full waits (up to the reader grace, far
 * longer than any of these readers) for them to close. The WAL file must stay within the bound
 * README states, with inline and with background checkpoints, and every reader must keep its
 * snapshot. ({@link WalBoundTest} is the deterministic form, and has the negative controls.)
 */
class WalBoundThreadsTest {
    // The same table, rows, options and commits as the deterministic form.
    private static final String TABLE = WalBoundTest.TABLE;
    private static final int ROWS = WalBoundTest.ROWS;
    private static final int AUTO_CHECKPOINT_FRAMES = WalBoundTest.AUTO_CHECKPOINT_FRAMES;
    private static final EngineOptions OPTIONS = WalBoundTest.OPTIONS;
    private static final int COMMITS = 1_500;
    private static final int READER_THREADS = 4;
    private static final long READER_HOLD_MILLIS = 3;

    /** One reader thread: snapshot after snapshot, each held a while, each read twice and compared. */
    private static void readUntilStopped(Database db, AtomicBoolean stop, AtomicReference<String> wrong) {
        try {
            while (!stop.get()) {
                try (ReadTransaction reader = db.beginRead()) {
                    String first = string(reader.table(TABLE).get(0));
                    Thread.sleep(READER_HOLD_MILLIS);
                    for (long key = 0; key < ROWS; key++) {
                        String seen = string(reader.table(TABLE).get(key));
                        if (!seen.equals(first)) {
                            wrong.compareAndSet(null, "a reader that began at " + first + " read row " + key + " = " + seen);
                        }
                    }
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            wrong.compareAndSet(null, e.toString());
        }
    }

    private static void assertBounded(String label, EngineOptions options) throws Exception {
        TestDb t = TestDb.fresh(label);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> wrong = new AtomicReference<>();
        long walBytesMax = 0;
        int commitFramesMax = 0;
        try (Database db = Database.open(t.vfs, TestDb.NAME, options)) {
            WalBoundTest.commitVersion(db, 0);
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < READER_THREADS; i++) {
                Thread reader = new Thread(() -> readUntilStopped(db, stop, wrong), "reader " + i);
                readers.add(reader);
                reader.start();
                Thread.sleep(1); // staggered, so that they overlap and are never all closed at once
            }
            try {
                for (int version = 1; version <= COMMITS; version++) {
                    int before = db.walFrames();
                    WalBoundTest.commitVersion(db, version);
                    commitFramesMax = Math.max(commitFramesMax, db.walFrames() - before);
                    walBytesMax = Math.max(walBytesMax, Files.size(t.walFile()));
                }
            } finally {
                stop.set(true);
                for (Thread reader : readers) {
                    reader.join();
                }
            }
            assertEquals(null, wrong.get());
            assertTrue(db.events().get(EngineEvent.WAL_RESET) > 0, db.events().snapshot().toString());
            long bound = WalFrame.offset(BackgroundCheckpointer.fullFrames(AUTO_CHECKPOINT_FRAMES) + commitFramesMax);
            assertTrue(walBytesMax <= bound, "WAL grew to " + walBytesMax + " B, bound " + bound + "; "
                    + db.events().snapshot());
        }
    }

    @Test
    void withInlineCheckpointsOverlappingReadersOnOtherThreadsLeaveTheWalBounded() throws Exception {
        assertBounded("wal-bound-threads", OPTIONS);
    }

    @Test
    void withBackgroundCheckpointsOverlappingReadersOnOtherThreadsLeaveTheWalBounded() throws Exception {
        assertBounded("wal-bound-threads-background", OPTIONS.withOptimization(Optimization.BACKGROUND_CHECKPOINT, true));
    }
}
