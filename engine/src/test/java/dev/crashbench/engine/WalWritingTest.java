package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.get;
import static dev.crashbench.engine.TestDb.put;
import static dev.crashbench.engine.TestDb.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.wal.WalFrame;
import dev.crashbench.engine.wal.WalHeader;
import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.local.TestDirs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How commits reach the WAL with each WAL-writing optimization, seen through a {@link RecordingVfs}
 * over real files (so the mapping is a real {@code mmap} and the O_DSYNC handle a real one), and
 * what each of their unsafe variants changes. Whether the crash explorer catches the variants is
 * the recovery-tests module's business.
 */
class WalWritingTest {
    private static final String DB = "db";
    private static final String WAL = "db-wal";
    private static final int PREALLOCATED = 16;
    private static final EngineOptions DEFAULTS = EngineOptions.defaults()
            .withOptimization(Optimization.DELTA_FRAMES, false) // full frames: the offsets and sizes checked here are of 4 KiB frames
            .withWalPreallocatedFrames(PREALLOCATED)
            .withAutoCheckpointFrames(1000);
    private static final EngineOptions MMAP = DEFAULTS.withOptimization(Optimization.WAL_MMAP, true);
    private static final EngineOptions DSYNC = DEFAULTS.withOptimization(Optimization.WAL_DSYNC, true);
    private static final Pattern RANGE = Pattern.compile("(?:store|msync) " + WAL + "@(\\d+)\\+(\\d+)");

    private Path dir;

    private RecordingVfs freshVfs(String label) throws IOException {
        dir = TestDirs.fresh(label);
        return new RecordingVfs(LocalVfs.at(dir));
    }

    private static String value(Database db, long key) throws IOException {
        return string(get(db, "t", key));
    }

    /** The {@code [offset, offset + length)} of the only event starting with {@code kind}. */
    private static long[] range(RecordingVfs vfs, String kind) {
        List<String> matching = vfs.events().stream().filter(e -> e.startsWith(kind + " " + WAL + "@")).toList();
        assertEquals(1, matching.size(), kind + ": " + vfs.events());
        Matcher m = RANGE.matcher(matching.get(0));
        assertTrue(m.matches(), matching.get(0));
        long offset = Long.parseLong(m.group(1));
        return new long[] {offset, offset + Long.parseLong(m.group(2))};
    }

    private int headerEndField() throws IOException {
        byte[] wal = Files.readAllBytes(dir.resolve(WAL));
        return ByteBuffer.wrap(wal).order(ByteOrder.LITTLE_ENDIAN).getInt(WalHeader.OFFSET_END_FRAMES);
    }

    // ---- the default -------------------------------------------------------------------------

    @Test
    void byDefaultACommitIsOnePositionalWriteAndOneSyncAndNothingIsMapped() throws IOException {
        RecordingVfs vfs = freshVfs("wal-default");
        try (Database db = Database.open(vfs, DB, DEFAULTS)) {
            vfs.clear();
            put(db, "t", 1, bytes("one"));
            assertEquals(List.of("write " + WAL + "@" + WalFrame.offset(0), "sync " + WAL),
                    vfs.events().stream().filter(e -> e.contains(WAL)).toList());
            assertEquals(0, db.events().get(EngineEvent.MAPPED_FRAME));
            assertEquals(0, db.events().get(EngineEvent.DSYNC_WRITE));
        }
        assertEquals(0, vfs.countStarting("open-dsync"));
        assertEquals(0, headerEndField(), "the healthy engine never writes the header's end field");
    }

    // ---- wal_dsync ---------------------------------------------------------------------------

    @Test
    void walDsyncOpensTheWalWithODsyncAndCommitsWithOneWriteAndNoSync() throws IOException {
        RecordingVfs vfs = freshVfs("wal-dsync");
        try (Database db = Database.open(vfs, DB, DSYNC)) {
            assertEquals(1, vfs.count("open-dsync " + WAL), vfs.events().toString());
            vfs.clear();
            put(db, "t", 1, bytes("one"));
            assertEquals(1, vfs.countStarting("write " + WAL + "@"), vfs.events().toString());
            assertEquals(0, vfs.count("sync " + WAL), "the O_DSYNC write is the commit's sync: " + vfs.events());
            put(db, "t", 2, bytes("two"));
            assertEquals(2, db.events().get(EngineEvent.DSYNC_WRITE));
            assertEquals(0, db.events().get(EngineEvent.MAPPED_FRAME));
        }
        try (Database db = Database.open(vfs, DB, DSYNC)) {
            assertEquals("one", value(db, 1));
            assertEquals("two", value(db, 2));
        }
        assertEquals(1, vfs.count("open-dsync " + WAL + "-new"),
                "the recovery's copy of the WAL is opened with O_DSYNC too: " + vfs.events());
    }

    @Test
    void unsafeDsyncAssumedOpensAPlainHandleAndStillSkipsTheSync() throws IOException {
        RecordingVfs vfs = freshVfs("wal-dsync-assumed");
        try (Database db = Database.open(vfs, DB, EngineOptions.defaults().withMutation(UnsafeMutation.DSYNC_ASSUMED))) {
            assertTrue(db.options().has(Optimization.WAL_DSYNC), "the variant switches its optimization on");
            vfs.clear();
            put(db, "t", 1, bytes("one"));
            assertEquals(1, vfs.countStarting("write " + WAL + "@"), vfs.events().toString());
            assertEquals(0, vfs.count("sync " + WAL), vfs.events().toString());
            assertNull(db.failure());
        }
        assertEquals(0, vfs.countStarting("open-dsync"), "the handle is a plain one: " + vfs.events());
    }

    // ---- wal_mmap ----------------------------------------------------------------------------

    @Test
    void walMmapPopulatesTheWalInPageSizedWrites() throws IOException {
        RecordingVfs vfs = freshVfs("wal-mmap-fill");
        try (Database db = Database.open(vfs, DB, MMAP)) {
            List<Integer> lengths = vfs.writeLengths(WAL);
            assertTrue(lengths.size() > PREALLOCATED, lengths.toString());
            assertTrue(lengths.stream().allMatch(n -> n <= 4096), "no write larger than a page: " + lengths);
            assertTrue(vfs.events().stream().filter(e -> e.startsWith("write " + WAL + "@"))
                    .allMatch(e -> Long.parseLong(e.substring(e.indexOf('@') + 1)) % 4096 == 0),
                    "every write starts a page: " + vfs.events());
        }
        RecordingVfs plain = freshVfs("wal-default-fill");
        try (Database db = Database.open(plain, DB, DEFAULTS)) {
            assertTrue(plain.writeLengths(WAL).stream().anyMatch(n -> n > 4096), "the default fills in larger writes");
        }
    }

    @Test
    void walMmapStoresACommitThroughTheMappingAndSyncsExactlyItsRange() throws IOException {
        RecordingVfs vfs = freshVfs("wal-mmap");
        try (Database db = Database.open(vfs, DB, MMAP.withCacheSizePages(1))) {
            vfs.clear();
            put(db, "t", 1, bytes("one"));
            assertEquals(0, vfs.countStarting("write " + WAL), "no positional write: " + vfs.events());
            assertEquals(0, vfs.count("sync " + WAL), "no file sync: " + vfs.events());
            assertEquals(1, vfs.count("map " + WAL + "@" + WalFrame.offset(0) + "+" + PREALLOCATED * WalFrame.SIZE),
                    "the preallocated frame slots are mapped once: " + vfs.events());
            long[] stored = range(vfs, "store");
            long[] synced = range(vfs, "msync");
            assertEquals(WalFrame.offset(0), stored[0]);
            assertEquals(0, (stored[1] - stored[0]) % WalFrame.SIZE);
            int frames = (int) ((stored[1] - stored[0]) / WalFrame.SIZE);
            assertEquals(frames, db.events().get(EngineEvent.MAPPED_FRAME));
            assertEquals(stored[0], synced[0], "the msync covers the commit's frames");
            assertEquals(stored[1], synced[1], "and no more");

            vfs.clear();
            for (int k = 2; k <= 5; k++) {
                put(db, "t", k, bytes("v" + k));
            }
            assertEquals(0, vfs.countStarting("write " + WAL), vfs.events().toString());
            assertEquals(0, vfs.countStarting("map "), "the mapping is kept: " + vfs.events());
            // A one-page cache: these reads come from the frames, through pread, which sees the stores.
            for (int k = 2; k <= 5; k++) {
                assertEquals("v" + k, value(db, k));
            }
            assertEquals("one", value(db, 1));
        }
        try (Database db = Database.open(vfs, DB, MMAP)) {
            for (int k = 2; k <= 5; k++) {
                assertEquals("v" + k, value(db, k), "recovery read the stored frames");
            }
        }
    }

    @Test
    void walMmapFallsBackToAWriteAndAFileSyncForACommitPastTheMapping() throws IOException {
        RecordingVfs vfs = freshVfs("wal-mmap-past");
        EngineOptions small = MMAP.withWalPreallocatedFrames(4);
        try (Database db = Database.open(vfs, DB, small)) {
            int k = 0;
            while (db.walFrames() < 4) {
                put(db, "t", ++k, bytes("v" + k));
            }
            long mapped = db.events().get(EngineEvent.MAPPED_FRAME);
            assertTrue(mapped > 0);
            vfs.clear();
            put(db, "t", ++k, bytes("v" + k));
            assertEquals(1, vfs.countStarting("write " + WAL + "@"), "past the mapping: a write: " + vfs.events());
            assertEquals(1, vfs.count("sync " + WAL), "and a file sync: " + vfs.events());
            assertEquals(0, vfs.countStarting("msync "), vfs.events().toString());
            assertEquals(mapped, db.events().get(EngineEvent.MAPPED_FRAME));
            int last = k;
            db.checkpoint(); // resets the WAL: commits fit the mapping again
            vfs.clear();
            put(db, "t", ++k, bytes("v" + k));
            assertEquals(0, vfs.countStarting("write " + WAL), vfs.events().toString());
            assertEquals(1, vfs.countStarting("msync " + WAL), vfs.events().toString());
            assertEquals("v" + last, value(db, last));
        }
        try (Database db = Database.open(vfs, DB, small)) {
            assertEquals("v1", value(db, 1));
        }
    }

    @Test
    void unsafeMmapAckBeforeMsyncSyncsEachCommitsRangeOnlyAtTheNextCommit() throws IOException {
        RecordingVfs vfs = freshVfs("wal-mmap-ack");
        try (Database db = Database.open(vfs, DB, DEFAULTS.withMutation(UnsafeMutation.MMAP_ACK_BEFORE_MSYNC))) {
            vfs.clear();
            put(db, "t", 1, bytes("one"));
            long[] first = range(vfs, "store");
            assertEquals(0, vfs.countStarting("msync "), "acknowledged with nothing synced: " + vfs.events());
            assertEquals(0, vfs.count("sync " + WAL), vfs.events().toString());
            vfs.clear();
            put(db, "t", 2, bytes("two"));
            long[] synced = range(vfs, "msync");
            assertEquals(first[0], synced[0], "the next commit syncs the range of the one before: " + vfs.events());
            assertEquals(first[1], synced[1]);
        }
    }

    @Test
    void unsafeMmapSyncLastPageOnlySyncsOnlyTheLastFrameOfACommit() throws IOException {
        RecordingVfs vfs = freshVfs("wal-mmap-last");
        try (Database db = Database.open(vfs, DB, DEFAULTS.withMutation(UnsafeMutation.MMAP_SYNC_LAST_PAGE_ONLY))) {
            vfs.clear();
            put(db, "t", 1, bytes("one")); // a new table: the header, the catalog and the table's root
            long[] stored = range(vfs, "store");
            long[] synced = range(vfs, "msync");
            assertTrue(stored[1] - stored[0] > WalFrame.SIZE, "a commit of several frames: " + vfs.events());
            assertEquals(stored[1] - WalFrame.SIZE, synced[0], "only the last frame: " + vfs.events());
            assertEquals(stored[1], synced[1]);
        }
    }

    // ---- the plan's V1 choices (item 8) ------------------------------------------------------

    @Test
    void unsafeWalHeaderEndOffsetRecordsTheEndInTheHeaderBeforeTheCommitsOneSync() throws IOException {
        RecordingVfs vfs = freshVfs("wal-header-end");
        int frames;
        try (Database db = Database.open(vfs, DB, DEFAULTS.withMutation(UnsafeMutation.WAL_HEADER_END_OFFSET))) {
            vfs.clear();
            put(db, "t", 1, bytes("one"));
            List<String> wal = vfs.events().stream().filter(e -> e.contains(WAL) && !e.startsWith("syncdir")).toList();
            assertEquals(List.of("write " + WAL + "@" + WalFrame.offset(0), "write " + WAL + "@" + WalHeader.OFFSET_END_FRAMES,
                    "sync " + WAL), wal, "frames, then the end, then one sync for both");
            frames = db.walFrames();
        }
        assertEquals(frames, headerEndField());
    }
}
