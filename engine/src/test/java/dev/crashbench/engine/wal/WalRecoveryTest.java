package dev.crashbench.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.local.TestDirs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@link Wal#open} replays from real files: the longest valid prefix that ends in a commit
 * marker, and nothing a torn, unfinished, stale or unchained frame could add. Each test writes
 * commits with {@link Wal#append}, damages the file by hand the way a crash or a reset leaves it,
 * and reopens with a fresh {@link WalIndex}.
 */
class WalRecoveryTest {
    private static final String PATH = "db-wal";
    private static final int PREALLOCATED = 16;
    private static final long SALT = 0x5EED_0000_0000_0001L;

    private LocalVfs vfs;

    @BeforeEach
    void freshDirectory() throws IOException {
        vfs = LocalVfs.at(TestDirs.fresh("wal-recovery"));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Wal.Recovered open(WalIndex index) throws IOException {
        return Wal.open(vfs, PATH, PREALLOCATED, SALT, 0, index);
    }

    private Wal create() throws IOException {
        Wal.Recovered recovered = open(new WalIndex());
        assertFalse(recovered.headerValid(), "a new WAL has no header to recover");
        return recovered.wal();
    }

    /** A page image that names its page and version, so a replayed frame can be told apart. */
    static byte[] image(int pageId, int version) {
        byte[] image = new byte[Page.SIZE];
        for (int i = 0; i < Page.SIZE; i += 8) {
            PageBytes.putInt(image, i, pageId);
            PageBytes.putInt(image, i + 4, version);
        }
        return image;
    }

    /** Appends one commit of {@code pageIds} (images at {@code version}) and syncs; returns its first frame. */
    private static int commit(Wal wal, long sequence, int databaseSize, int version, int... pageIds) throws IOException {
        byte[][] images = new byte[pageIds.length][];
        for (int i = 0; i < pageIds.length; i++) {
            images[i] = image(pageIds[i], version);
        }
        int first = wal.append(pageIds, images, pageIds.length, databaseSize, sequence, 0);
        wal.sync();
        return first;
    }

    /** Three commits: A = pages 1, 2 (frames 0-1); B = pages 2, 3 (frames 2-3); C = pages 4, 5, 6 (frames 4-6). */
    private void writeThreeCommits() throws IOException {
        try (Wal wal = create()) {
            assertEquals(0, commit(wal, 1, 3, 1, 1, 2));
            assertEquals(2, commit(wal, 2, 4, 2, 2, 3));
            assertEquals(4, commit(wal, 3, 7, 3, 4, 5, 6));
        }
    }

    private byte[] read(long offset, int length) throws IOException {
        try (VfsFile file = vfs.open(PATH, OpenOption.READ_ONLY)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            file.readFully(offset, buffer);
            return buffer.array();
        }
    }

    private void overwrite(long offset, byte[] bytes) throws IOException {
        try (VfsFile file = vfs.open(PATH)) {
            file.writeFully(offset, ByteBuffer.wrap(bytes));
        }
    }

    private void flip(long offset) throws IOException {
        byte[] b = read(offset, 1);
        b[0] ^= (byte) 0xFF;
        overwrite(offset, b);
    }

    private long walSize() throws IOException {
        try (VfsFile file = vfs.open(PATH, OpenOption.READ_ONLY)) {
            return file.size();
        }
    }

    private int storedChecksum(int frame) throws IOException {
        return PageBytes.getInt(read(WalFrame.offset(frame) + WalFrame.OFFSET_CHECKSUM, 4), 0);
    }

    /** Writes a frame sealed by hand at {@code frame}, chained to {@code previous}; returns its checksum. */
    private int writeFrame(int frame, int pageId, int marker, long salt, long sequence, int previous) throws IOException {
        byte[] bytes = new byte[WalFrame.SIZE];
        System.arraycopy(image(pageId, 99), 0, bytes, WalFrame.OFFSET_IMAGE, Page.SIZE);
        int checksum = WalFrame.seal(bytes, 0, pageId, marker, salt, sequence, 0, 0L, previous, new CRC32());
        overwrite(WalFrame.offset(frame), bytes);
        return checksum;
    }

    private static void assertRecovered(Wal.Recovered r, int frames, int lastCommitSize, long lastSequence) {
        assertTrue(r.headerValid(), "header valid");
        assertEquals(frames, r.committedFrames(), "committed frames");
        assertEquals(frames, r.wal().frameCount(), "the WAL appends after the recovered prefix");
        assertEquals(lastCommitSize, r.lastCommitSize(), "last commit size");
        assertEquals(lastSequence, r.lastCommitSequence(), "last commit sequence");
    }

    // ---- the decision table --------------------------------------------------------------------

    @Test
    void intactCommitsAllReplayAndTheIndexHoldsEveryFrame() throws IOException {
        writeThreeCommits();
        WalIndex index = new WalIndex();
        Wal.Recovered r = open(index);
        try (Wal wal = r.wal()) {
            assertRecovered(r, 7, 7, 3);
            assertEquals(0, r.framesIgnored());
            assertEquals(SALT, wal.salt());
            assertEquals(7, index.frameCount());
            assertEquals(0, index.newest(1, 7));
            assertEquals(2, index.newest(2, 7), "page 2 was written again by B");
            assertEquals(1, index.newest(2, 2), "A's image of page 2 stays visible below frame 2");
            assertEquals(3, index.newest(3, 7));
            assertEquals(6, index.newest(6, 7));
            byte[] image = new byte[Page.SIZE];
            wal.readImage(index.offset(index.newest(5, 7)), image);
            assertArrayEquals(image(5, 3), image);
            assertEquals(7, commit(wal, 4, 7, 4, 1), "appends continue after the replayed frames");
        }
        Wal.Recovered again = open(new WalIndex());
        try (Wal wal = again.wal()) {
            assertRecovered(again, 8, 7, 4);
            assertEquals(0, again.framesIgnored());
        }
    }

    /** Where a crash may leave the last frame of the last commit damaged. */
    enum Tear {
        PAGE_ID(WalFrame.OFFSET_PAGE_ID),
        COMMIT_MARKER(WalFrame.OFFSET_COMMIT_SIZE),
        SALT_FIELD(WalFrame.OFFSET_SALT),
        SEQUENCE(WalFrame.OFFSET_COMMIT_SEQUENCE),
        EPOCH(WalFrame.OFFSET_EPOCH),
        CHECKSUM(WalFrame.OFFSET_CHECKSUM),
        FIRST_IMAGE_BYTE(WalFrame.OFFSET_IMAGE),
        LAST_IMAGE_BYTE(WalFrame.SIZE - 1);

        final int offset;

        Tear(int offset) {
            this.offset = offset;
        }
    }

    @ParameterizedTest
    @EnumSource(Tear.class)
    void aTornLastFrameDropsOnlyTheLastCommit(Tear tear) throws IOException {
        writeThreeCommits();
        flip(WalFrame.offset(6) + tear.offset);
        WalIndex index = new WalIndex();
        Wal.Recovered r = open(index);
        try (Wal wal = r.wal()) {
            assertRecovered(r, 4, 4, 2);
            assertEquals(2, r.framesIgnored(), "C's two intact frames before the torn one");
            assertEquals(4, index.frameCount());
            assertEquals(-1, index.newest(4, Integer.MAX_VALUE), "no frame of C is indexed");
            assertEquals(-1, index.newest(6, Integer.MAX_VALUE));
            assertEquals(2, index.newest(2, Integer.MAX_VALUE));
        }
    }

    @Test
    void aLastFrameWhoseSecondHalfNeverReachedTheDiskDropsOnlyTheLastCommit() throws IOException {
        writeThreeCommits();
        overwrite(WalFrame.offset(6) + WalFrame.SIZE / 2, new byte[WalFrame.SIZE - WalFrame.SIZE / 2]);
        Wal.Recovered r = open(new WalIndex());
        try (Wal wal = r.wal()) {
            assertRecovered(r, 4, 4, 2);
        }
    }

    @Test
    void framesWithoutACommitMarkerAreIgnoredThoughTheirChainIsIntact() throws IOException {
        try (Wal wal = create()) {
            commit(wal, 1, 3, 1, 1, 2);
        }
        // An unfinished transaction: two chained frames of sequence 2, neither with a marker.
        int chain = writeFrame(2, 1, 0, SALT, 2, storedChecksum(1));
        writeFrame(3, 2, 0, SALT, 2, chain);
        WalIndex index = new WalIndex();
        Wal.Recovered r = open(index);
        try (Wal wal = r.wal()) {
            assertRecovered(r, 2, 3, 1);
            assertEquals(2, r.framesIgnored());
            assertEquals(0, index.newest(1, Integer.MAX_VALUE), "frame 2's image of page 1 is not indexed");
        }
    }

    @Test
    void aBadChecksumInTheMiddleStopsReplayThereThoughLaterCommitsAreIntact() throws IOException {
        writeThreeCommits();
        flip(WalFrame.offset(2) + WalFrame.OFFSET_IMAGE + 100); // B's first frame
        // C's frames are untouched: each still carries the checksum chained from the one before.
        byte[] c = read(WalFrame.offset(4), 3 * WalFrame.SIZE);
        CRC32 crc = new CRC32();
        assertEquals(WalFrame.storedChecksum(c, 0), WalFrame.checksum(c, 0, storedChecksum(3), crc));
        assertEquals(WalFrame.storedChecksum(c, WalFrame.SIZE), WalFrame.checksum(c, WalFrame.SIZE, storedChecksum(4), crc));

        WalIndex index = new WalIndex();
        Wal.Recovered r = open(index);
        try (Wal wal = r.wal()) {
            assertRecovered(r, 2, 3, 1);
            assertEquals(-1, index.newest(3, Integer.MAX_VALUE), "B is not replayed");
            assertEquals(-1, index.newest(5, Integer.MAX_VALUE), "C is not replayed: the chain is broken before it");
            assertEquals(1, index.newest(2, Integer.MAX_VALUE), "page 2 is A's image");
        }
    }

    @Test
    void afterAResetStaleFramesAreNeverReplayedThoughIntact() throws IOException {
        try (Wal wal = create()) {
            commit(wal, 1, 3, 1, 1, 2);
            commit(wal, 2, 4, 2, 2, 3);
            wal.reset(1, true, 0);
            assertNotEquals(SALT, wal.salt());
            assertEquals(0, wal.frameCount());
        }
        Wal.Recovered empty = open(new WalIndex());
        try (Wal wal = empty.wal()) {
            assertRecovered(empty, 0, 0, 0);
            assertEquals(1, wal.checkpointSequence());
            assertEquals(WalHeader.nextSalt(SALT, 1), wal.salt());
            assertEquals(SALT, WalFrame.salt(read(WalFrame.offset(0), WalFrame.SIZE), 0),
                    "the old generation's frame 0 is still in the file");
            assertEquals(0, commit(wal, 3, 2, 3, 1), "the first frame of the new generation overwrites frame 0");
        }
        WalIndex index = new WalIndex();
        Wal.Recovered r = open(index);
        try (Wal wal = r.wal()) {
            assertRecovered(r, 1, 2, 3);
            assertEquals(-1, index.newest(3, Integer.MAX_VALUE), "the old generation's page 3 stays dead");
            assertEquals(SALT, WalFrame.salt(read(WalFrame.offset(2), WalFrame.SIZE), 0),
                    "old frames 1..3 are intact in the file");
        }
    }

    @Test
    void oldGenerationFramesFollowingTheNewOnesAreStoppedByTheSaltEvenWhenTheyChain() throws IOException {
        long newSalt;
        try (Wal wal = create()) {
            commit(wal, 1, 3, 1, 1);
            wal.reset(1, true, 0);
            newSalt = wal.salt();
            commit(wal, 2, 3, 2, 1);
        }
        // A frame of the old salt that chains perfectly from the new frame 0: only the salt check stops it.
        writeFrame(1, 2, 3, SALT, 3, storedChecksum(0));
        Wal.Recovered r = open(new WalIndex());
        try (Wal wal = r.wal()) {
            assertEquals(newSalt, wal.salt());
            assertRecovered(r, 1, 3, 2);
        }
    }

    enum BadHeader { CHECKSUM_BYTE, MAGIC_BYTE, ZEROED, TRUNCATED }

    @ParameterizedTest
    @EnumSource(BadHeader.class)
    void anInvalidHeaderMeansZeroFrames(BadHeader bad) throws IOException {
        writeThreeCommits();
        switch (bad) {
            case CHECKSUM_BYTE -> flip(WalHeader.OFFSET_CHECKSUM);
            case MAGIC_BYTE -> flip(WalHeader.OFFSET_MAGIC + 2);
            case ZEROED -> overwrite(0, new byte[WalHeader.ENCODED_SIZE]);
            case TRUNCATED -> {
                try (VfsFile file = vfs.open(PATH)) {
                    file.truncate(10);
                }
            }
        }
        WalIndex index = new WalIndex();
        Wal.Recovered r = open(index);
        try (Wal wal = r.wal()) {
            assertFalse(r.headerValid());
            assertEquals(0, r.committedFrames());
            assertEquals(0, wal.frameCount());
            assertEquals(0, index.frameCount());
        }
        assertTrue(walSize() >= WalFrame.offset(PREALLOCATED), "the new generation is preallocated again");
        Wal.Recovered again = open(new WalIndex());
        try (Wal wal = again.wal()) {
            assertTrue(again.headerValid(), "open wrote a new, valid header");
        }
    }

    /**
     * The database passes the same initial salt every time it opens a WAL whose header is invalid
     * (it is derived from the path). The frames behind the bad header were judged dead by that
     * open; the header it writes must not make them valid again at the next open.
     */
    @Test
    void framesBehindAnInvalidHeaderStayDeadAtTheNextOpen() throws IOException {
        writeThreeCommits();
        flip(WalHeader.OFFSET_CHECKSUM);
        try (Wal wal = open(new WalIndex()).wal()) {
            assertEquals(0, wal.frameCount());
        }
        WalIndex index = new WalIndex();
        Wal.Recovered r = open(index);
        try (Wal wal = r.wal()) {
            assertTrue(r.headerValid());
            assertEquals(0, r.committedFrames(), "the commits an earlier open discarded came back");
            assertEquals(0, index.frameCount());
        }
    }

    @Test
    void framesOverwrittenByAShorterNewCommitDoNotResurrect() throws IOException {
        writeThreeCommits();
        flip(WalFrame.offset(3) + WalFrame.OFFSET_IMAGE); // B's last frame torn; C (frames 4-6) intact
        Wal.Recovered first = open(new WalIndex());
        try (Wal wal = first.wal()) {
            assertRecovered(first, 2, 3, 1);
            assertEquals(2, commit(wal, 2, 9, 7, 8), "B' (one frame, another page) lands on B's first frame");
        }
        WalIndex index = new WalIndex();
        Wal.Recovered r = open(index);
        try (Wal wal = r.wal()) {
            assertRecovered(r, 3, 9, 2);
            assertEquals(2, index.newest(8, Integer.MAX_VALUE));
            assertEquals(-1, index.newest(3, Integer.MAX_VALUE), "B's page 3 is gone");
            assertEquals(-1, index.newest(4, Integer.MAX_VALUE), "C does not come back behind B'");
            assertEquals(3, commit(wal, 3, 9, 8, 4), "the chain continues after B'");
        }
        Wal.Recovered last = open(new WalIndex());
        try (Wal wal = last.wal()) {
            assertRecovered(last, 4, 9, 3);
        }
    }

    /**
     * Without a sync between commits (durability NORMAL or OFF) a cut can tear commit B and keep
     * the later commit C. If, after recovery, the application commits exactly B again (same pages,
     * same images, same sequence, as a retried transaction does) and B's frames were rewritten byte
     * for byte, C's chain would be whole again, and C, which the first recovery discarded, would
     * reappear at the next open. The frame epoch makes the retry differ from B.
     */
    @Test
    void aCommitDiscardedByRecoveryStaysDiscardedWhenTheTornOneIsRepeatedExactly() throws IOException {
        writeThreeCommits();
        byte[] tornFrame = read(WalFrame.offset(3), WalFrame.SIZE);
        flip(WalFrame.offset(3) + WalFrame.OFFSET_IMAGE);
        Wal.Recovered first = open(new WalIndex());
        try (Wal wal = first.wal()) {
            assertRecovered(first, 2, 3, 1);
            commit(wal, 2, 4, 2, 2, 3); // B again, exactly
        }
        byte[] rewritten = read(WalFrame.offset(3), WalFrame.SIZE);
        assertNotEquals(WalFrame.epoch(tornFrame, 0), WalFrame.epoch(rewritten, 0), "the retry writes under a new epoch");
        System.arraycopy(tornFrame, WalFrame.OFFSET_EPOCH, rewritten, WalFrame.OFFSET_EPOCH, 4);
        System.arraycopy(tornFrame, WalFrame.OFFSET_CHECKSUM, rewritten, WalFrame.OFFSET_CHECKSUM, 4);
        System.arraycopy(tornFrame, WalFrame.OFFSET_FRAME_CHECKSUM, rewritten, WalFrame.OFFSET_FRAME_CHECKSUM, 4);
        assertArrayEquals(tornFrame, rewritten, "and is otherwise B byte for byte");
        Wal.Recovered r = open(new WalIndex());
        try (Wal wal = r.wal()) {
            assertRecovered(r, 4, 4, 2);
        }
    }

    /**
     * The same after two cuts: the second opening's first frame was lost while its later frames
     * (a repeat of C) reached the disk. The third opening finds the first opening's frame where its
     * first append goes, and must still not be able to rebuild the second opening's chain.
     */
    @Test
    void aCommitDiscardedByRecoveryStaysDiscardedAfterASecondCutThatLostTheRetrysFirstFrame() throws IOException {
        writeThreeCommits();
        byte[] firstOpeningsFrame2 = read(WalFrame.offset(2), WalFrame.SIZE);
        flip(WalFrame.offset(3) + WalFrame.OFFSET_IMAGE); // cut 1: B torn, C intact
        try (Wal wal = open(new WalIndex()).wal()) {
            assertEquals(2, wal.frameCount());
            commit(wal, 2, 4, 2, 2, 3); // B again
            commit(wal, 3, 7, 3, 4, 5, 6); // C again
        }
        assertNotEquals(WalFrame.epoch(firstOpeningsFrame2, 0), WalFrame.epoch(read(WalFrame.offset(2), WalFrame.SIZE), 0),
                "the second opening writes under another epoch");
        // Cut 2: the retried B's first frame never reached the disk, its second is torn, C's frames made it.
        overwrite(WalFrame.offset(2), firstOpeningsFrame2);
        flip(WalFrame.offset(3) + WalFrame.OFFSET_IMAGE);
        Wal.Recovered third = open(new WalIndex());
        try (Wal wal = third.wal()) {
            assertRecovered(third, 2, 3, 1);
            commit(wal, 2, 4, 2, 2, 3); // B a third time
        }
        Wal.Recovered r = open(new WalIndex());
        try (Wal wal = r.wal()) {
            assertRecovered(r, 4, 4, 2);
        }
    }

    // ---- frames that are valid but impossible --------------------------------------------------

    @Test
    void aChainedFrameOfAnotherSequenceInsideACommitIsCorruption() throws IOException {
        try (Wal wal = create()) {
            commit(wal, 1, 3, 1, 1);
        }
        int chain = writeFrame(1, 1, 0, SALT, 2, storedChecksum(0));
        writeFrame(2, 2, 3, SALT, 5, chain);
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> open(new WalIndex()));
        assertEquals(PATH, e.file());
        assertEquals(2, e.page(), "names the WAL frame");
    }

    @Test
    void aChainedFrameBeyondItsCommitsDatabaseSizeIsCorruption() throws IOException {
        try (Wal wal = create()) {
            commit(wal, 1, 3, 1, 1);
        }
        writeFrame(1, 7, 3, SALT, 2, storedChecksum(0));
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> open(new WalIndex()));
        assertEquals(1, e.page());
        assertTrue(e.getMessage().contains("page 7"), e.getMessage());
    }

    // ---- the file ------------------------------------------------------------------------------

    @Test
    void steadyStateAppendsWriteIntoThePreallocatedFile() throws IOException {
        try (Wal wal = create()) {
            long preallocated = walSize();
            assertEquals(WalFrame.offset(PREALLOCATED), preallocated);
            for (int i = 0; i < PREALLOCATED / 2; i++) {
                commit(wal, i + 1, 3, i, 1, 2);
            }
            assertEquals(PREALLOCATED, wal.frameCount());
            assertEquals(preallocated, walSize(), "appends inside the preallocated frames do not grow the file");
            wal.reset(1, true, 0);
            commit(wal, PREALLOCATED, 3, 0, 1);
            assertEquals(preallocated, walSize(), "nor does a reset and the next generation");
            commit(wal, PREALLOCATED + 1, 20, 0, range(PREALLOCATED));
            assertTrue(walSize() > preallocated, "a generation longer than the preallocation grows it");
        }
    }

    @Test
    void appendRejectsAFrameItsOwnRecoveryWouldRejectAndWritesNothing() throws IOException {
        try (Wal wal = create()) {
            commit(wal, 1, 3, 1, 1);
            assertThrows(IllegalArgumentException.class, () -> commit(wal, 2, 3, 1, 1, 5));
            assertThrows(IllegalArgumentException.class, () -> commit(wal, 2, 3, 1, -1));
            assertEquals(1, wal.frameCount());
            assertEquals(1, commit(wal, 2, 3, 2, 2), "the WAL still appends after the rejected commit");
        }
        Wal.Recovered r = open(new WalIndex());
        try (Wal wal = r.wal()) {
            assertRecovered(r, 2, 3, 2);
        }
    }

    private static int[] range(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
        }
        return ids;
    }
}
