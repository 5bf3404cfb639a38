package dev.crashbench.engine.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WalScan}'s decision table for a break in the chain, one test per row: what a crash can
 * leave (a torn tail, truncated) and what only damage can (a break in frames a sync had made
 * durable, refused naming the frame), and the unusable WAL header over synced commits.
 */
class WalDamageTest {
    private static final String PATH = "db-wal";
    private static final int PREALLOCATED = 16;
    private static final long SALT = 0x5CA7_0000_0000_0005L;

    private LocalVfs vfs;

    @BeforeEach
    void fresh() throws IOException {
        vfs = LocalVfs.at(TestDirs.fresh("wal-damage"));
    }

    /** Commits A (frames 0-1), B (frames 2-3), C (frames 4-6), each synced when {@code synced}; then a clean close when {@code close}. */
    private void threeCommits(boolean synced, boolean close) throws IOException {
        try (Wal wal = Wal.open(vfs, PATH, PREALLOCATED, SALT, 0, new WalIndex()).wal()) {
            commit(wal, 1, 3, synced, 1, 2);
            commit(wal, 2, 4, synced, 2, 3);
            commit(wal, 3, 7, synced, 4, 5, 6);
            if (close) {
                wal.writeCloseFrame(3);
            }
        }
    }

    private static void commit(Wal wal, long sequence, int databaseSize, boolean synced, int... pageIds)
            throws IOException {
        byte[][] images = new byte[pageIds.length][];
        for (int i = 0; i < pageIds.length; i++) {
            images[i] = new byte[Page.SIZE];
            PageBytes.putLong(images[i], 0, sequence * 100 + pageIds[i]);
        }
        wal.append(pageIds, images, pageIds.length, databaseSize, sequence, 0xD16E57_0000L + sequence);
        wal.sync();
        if (synced) {
            wal.recordDurable(wal.frameCount());
        }
    }

    private WalScan.Result scan() throws IOException {
        try (VfsFile file = vfs.open(PATH, OpenOption.READ_ONLY)) {
            return WalScan.scan(file, SALT, PATH, new WalIndex());
        }
    }

    private void flip(long offset) throws IOException {
        try (VfsFile file = vfs.open(PATH)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            file.readFully(offset, b);
            b.put(0, (byte) (b.get(0) ^ 1)).rewind();
            file.writeFully(offset, b);
        }
    }

    private void zero(long offset, int length) throws IOException {
        try (VfsFile file = vfs.open(PATH)) {
            file.writeFully(offset, ByteBuffer.allocate(length));
        }
    }

    @Test
    void aBreakWithNothingButTheEndOfTheFileAfterItIsATornTail() throws IOException {
        threeCommits(true, false);
        try (VfsFile file = vfs.open(PATH)) {
            file.truncate(WalFrame.offset(6) + 100);
        }
        WalScan.Result r = scan();
        assertEquals(4, r.committedFrames());
        assertEquals(WalScan.Stop.END_OF_FILE, r.stop());
    }

    @Test
    void aBrokenLastCommitWithNoCloseFrameIsATornTail() throws IOException {
        threeCommits(true, false);
        flip(WalFrame.offset(5) + WalFrame.OFFSET_IMAGE + 9);
        WalScan.Result r = scan();
        assertEquals(4, r.committedFrames(), "C's frames were never proven synced: a crash may have torn them");
        assertEquals(WalScan.Stop.CHECKSUM_MISMATCH, r.stop());
    }

    @Test
    void framesPastTheBreakWrittenBeforeAnySyncCoveredItAreATornTail() throws IOException {
        threeCommits(false, true); // durability NORMAL: no sync covers any frame
        flip(WalFrame.offset(2) + WalFrame.OFFSET_IMAGE + 9);
        WalScan.Result r = scan();
        assertEquals(2, r.committedFrames());
        assertEquals(2, r.stopFrame());
    }

    @Test
    void framesOfAnotherSaltPastTheBreakProveNothing() throws IOException {
        threeCommits(true, false);
        byte[] frame = new byte[WalFrame.SIZE];
        WalFrame.seal(frame, 0, frame, WalFrame.OFFSET_IMAGE, 4, 0, SALT + 1, 9, 0, 0L, 12, 0, new CRC32());
        zero(WalFrame.offset(2), WalFrame.SIZE); // B's first frame gone, as a zeroed slot
        try (VfsFile file = vfs.open(PATH)) {
            file.writeFully(WalFrame.offset(3), ByteBuffer.wrap(frame));
            file.writeFully(WalFrame.offset(4), ByteBuffer.wrap(frame));
            file.writeFully(WalFrame.offset(5), ByteBuffer.wrap(frame));
            file.writeFully(WalFrame.offset(6), ByteBuffer.wrap(frame));
        }
        WalScan.Result r = scan();
        assertEquals(2, r.committedFrames());
        assertEquals(WalScan.Stop.SALT_MISMATCH, r.stop());
    }

    @Test
    void aFrameOfAnOlderOpeningPastTheBreakProvesNothing() throws IOException {
        threeCommits(true, false);
        try (Wal wal = Wal.open(vfs, PATH, PREALLOCATED, SALT, 0, new WalIndex()).wal()) {
            commit(wal, 4, 7, false, 1, 2); // D, frames 7-8, and E, frames 9-10, by a second opening (epoch 1)
            commit(wal, 5, 7, false, 3, 4);
        }
        try (VfsFile file = vfs.open(PATH)) {
            // An epoch-0 frame of a later commit claiming 20 synced frames, after E.
            byte[] frame = new byte[WalFrame.SIZE];
            file.readFully(WalFrame.offset(6), ByteBuffer.wrap(frame));
            assertEquals(0, WalFrame.epoch(frame, 0));
            PageBytes.putLong(frame, WalFrame.OFFSET_COMMIT_SEQUENCE, 10);
            PageBytes.putInt(frame, WalFrame.OFFSET_SYNCED_FRAMES, 20);
            PageBytes.putInt(frame, WalFrame.OFFSET_FRAME_CHECKSUM, WalFrame.frameChecksum(frame, 0, new CRC32()));
            file.writeFully(WalFrame.offset(11), ByteBuffer.wrap(frame));
        }
        flip(WalFrame.offset(9) + WalFrame.OFFSET_IMAGE + 9);
        WalScan.Result r = scan();
        assertEquals(9, r.committedFrames(), "written by an older opening than the last valid frame: before the break");
    }

    @Test
    void aBreakInFramesALaterSyncedFrameCoversIsDamageNamingTheFrameAndItsOffset() throws IOException {
        threeCommits(true, false);
        flip(WalFrame.offset(2) + WalFrame.OFFSET_IMAGE + 9);
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, this::scan);
        assertEquals(PATH, e.file());
        assertEquals(2, e.page(), "the broken frame's index");
        assertTrue(e.getMessage().contains("byte " + WalFrame.offset(2)), e.getMessage());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void aZeroedSectorInsideSyncedFramesIsDamage() throws IOException {
        threeCommits(true, false);
        zero(WalFrame.offset(1), 512); // frame 1's header block: a salt mismatch
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, this::scan);
        assertEquals(1, e.page());
        assertTrue(e.getMessage().contains("salt"), e.getMessage());
    }

    @Test
    void aDuplicatedFrameAtTheBreakVouchesForItsOwnSlot() throws IOException {
        threeCommits(true, false);
        try (VfsFile file = vfs.open(PATH)) {
            byte[] frame = new byte[WalFrame.SIZE];
            file.readFully(WalFrame.offset(5), ByteBuffer.wrap(frame));
            file.writeFully(WalFrame.offset(3), ByteBuffer.wrap(frame)); // frame 5 (synced count 4) over frame 3
        }
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, this::scan);
        assertEquals(3, e.page());
    }

    @Test
    void aCleanCloseEndsTheScanAndVouchesForTheLastCommit() throws IOException {
        threeCommits(true, true);
        WalScan.Result r = scan();
        assertEquals(7, r.committedFrames());
        assertEquals(WalScan.Stop.CLOSED, r.stop());
        assertEquals(0, r.framesIgnored(), "the close frame is no frame of a commit");
        assertEquals(7, r.syncedClaim());
        flip(WalFrame.offset(6) + WalFrame.OFFSET_IMAGE + 9);
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, this::scan,
                "the last commit was synced: the close frame says so");
        assertEquals(6, e.page());
    }

    @Test
    void aDamagedCloseFrameLosesNothing() throws IOException {
        threeCommits(true, true);
        flip(WalFrame.offset(7) + WalFrame.OFFSET_SYNCED_FRAMES);
        WalScan.Result r = scan();
        assertEquals(7, r.committedFrames());
        assertEquals(WalScan.Stop.CHECKSUM_MISMATCH, r.stop());
    }

    @Test
    void noCloseFrameIsWrittenWhenNothingIsKnownDurable() throws IOException {
        threeCommits(false, true);
        try (VfsFile file = vfs.open(PATH, OpenOption.READ_ONLY)) {
            ByteBuffer salt = ByteBuffer.allocate(8);
            file.readFully(WalFrame.offset(7) + WalFrame.OFFSET_SALT, salt);
            assertEquals(0, PageBytes.getLong(salt.array(), 0));
        }
    }

    @Test
    void anUnusableHeaderOverSyncedCommitsTheDatabaseFileLacksIsDamage() throws IOException {
        threeCommits(true, false);
        flip(WalHeader.OFFSET_SALT + 2);
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class,
                () -> Wal.open(vfs, PATH, PREALLOCATED, SALT, 0, () -> 0xD16E57_0000L, new WalIndex(), Set.of()));
        assertTrue(e.getMessage().contains("WAL header damaged"), e.getMessage());
    }

    @Test
    void anUnusableHeaderOverCommitsAlreadyHomeIsACrashDuringAReset() throws IOException {
        threeCommits(true, false);
        flip(WalHeader.OFFSET_SALT + 2);
        long homeDigest = 0xD16E57_0000L + 3; // C's digest: every commit is home, as before a reset
        Wal.Recovered r = Wal.open(vfs, PATH, PREALLOCATED, SALT, 0, () -> homeDigest, new WalIndex(), Set.of());
        try (Wal wal = r.wal()) {
            assertFalse(r.headerValid());
            assertEquals(0, r.committedFrames());
        }
    }

    @Test
    void anUnusableHeaderOverUnsyncedCommitsIsGivenUp() throws IOException {
        threeCommits(false, false); // durability OFF: headers are not synced, frames vouch for nothing
        flip(WalHeader.OFFSET_SALT + 2);
        Wal.Recovered r = Wal.open(vfs, PATH, PREALLOCATED, SALT, 0, () -> 0L, new WalIndex(), Set.of());
        try (Wal wal = r.wal()) {
            assertEquals(0, r.committedFrames());
        }
    }
}
