package dev.crashbench.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.local.TestDirs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WalScan} on a file opened read-only, as {@code crashbench inspect} runs it: one test per
 * {@link WalScan.Stop}, where the replayed prefix ends, and the corruption it refuses. (What
 * {@link Wal#open} replays through it is {@link WalRecoveryTest}'s decision table.)
 */
class WalScanTest {
    private static final String PATH = "db-wal";
    private static final int PREALLOCATED = 16;
    private static final long SALT = 0x5CA7_0000_0000_0002L;

    private LocalVfs vfs;

    @BeforeEach
    void threeCommits() throws IOException {
        vfs = LocalVfs.at(TestDirs.fresh("wal-scan"));
        // A = pages 1, 2 (frames 0-1); B = pages 2, 3 (frames 2-3); C = pages 4, 5, 6 (frames 4-6).
        try (Wal wal = Wal.open(vfs, PATH, PREALLOCATED, SALT, 0, new WalIndex()).wal()) {
            commit(wal, 1, 3, 1, 2);
            commit(wal, 2, 4, 2, 3);
            commit(wal, 3, 7, 4, 5, 6);
        }
    }

    private static void commit(Wal wal, long sequence, int databaseSize, int... pageIds) throws IOException {
        byte[][] images = new byte[pageIds.length][];
        for (int i = 0; i < pageIds.length; i++) {
            images[i] = new byte[Page.SIZE];
            PageBytes.putLong(images[i], 0, sequence * 100 + pageIds[i]);
        }
        wal.append(pageIds, images, pageIds.length, databaseSize, sequence, digestOf(sequence));
        wal.sync();
    }

    /** The page digest each test commit records: any value the scan must hand back as it is. */
    private static long digestOf(long sequence) {
        return 0xD16E57_0000L + sequence;
    }

    private WalScan.Result scan(WalIndex index) throws IOException {
        try (VfsFile file = vfs.open(PATH, OpenOption.READ_ONLY)) {
            return WalScan.scan(file, SALT, PATH, index);
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

    private void truncate(long size) throws IOException {
        try (VfsFile file = vfs.open(PATH)) {
            file.truncate(size);
        }
    }

    private int storedChecksum(int frame) throws IOException {
        try (VfsFile file = vfs.open(PATH, OpenOption.READ_ONLY)) {
            ByteBuffer b = ByteBuffer.allocate(4);
            file.readFully(WalFrame.offset(frame) + WalFrame.OFFSET_CHECKSUM, b);
            return PageBytes.getInt(b.array(), 0);
        }
    }

    @Test
    void aPreallocatedWalStopsAtTheFirstZeroSlotOnItsSalt() throws IOException {
        byte[] before = Files.readAllBytes(vfs.resolve(PATH));
        WalIndex index = new WalIndex();
        WalScan.Result r = scan(index);
        assertEquals(new WalScan.Result(7, storedChecksum(6), 7, 3, digestOf(3), 0, 7, WalScan.Stop.SALT_MISMATCH, 0), r);
        assertEquals(7, index.frameCount());
        assertEquals(2, index.newest(2, 7));
        assertArrayEquals(before, Files.readAllBytes(vfs.resolve(PATH)), "the scan only reads");
    }

    @Test
    void aFileEndingAfterTheLastFrameOrInsideTheNextStopsAtEndOfFile() throws IOException {
        truncate(WalFrame.offset(7));
        assertEquals(new WalScan.Result(7, storedChecksum(6), 7, 3, digestOf(3), 0, 7, WalScan.Stop.END_OF_FILE, 0), scan(new WalIndex()));
        truncate(WalFrame.offset(6) + WalFrame.SIZE - 1);
        assertEquals(new WalScan.Result(4, storedChecksum(3), 4, 2, digestOf(2), 2, 6, WalScan.Stop.END_OF_FILE, 0), scan(new WalIndex()),
                "the partial frame 6 is never read; C's frames 4-5 are ignored");
    }

    @Test
    void aBrokenChainStopsAtTheDamagedFrame() throws IOException {
        flip(WalFrame.offset(2) + WalFrame.OFFSET_IMAGE + 7);
        WalIndex index = new WalIndex();
        assertEquals(new WalScan.Result(2, storedChecksum(1), 3, 1, digestOf(1), 0, 2, WalScan.Stop.CHECKSUM_MISMATCH, 0), scan(index));
        assertEquals(2, index.frameCount());
    }

    @Test
    void aTornLastFrameLeavesItsCommitsEarlierFramesIgnored() throws IOException {
        flip(WalFrame.offset(6) + WalFrame.OFFSET_IMAGE + Page.SIZE - 1);
        assertEquals(new WalScan.Result(4, storedChecksum(3), 4, 2, digestOf(2), 2, 6, WalScan.Stop.CHECKSUM_MISMATCH, 0), scan(new WalIndex()));
    }

    @Test
    void aFrameOfAnotherSaltStopsTheScanEvenWithAFreshChecksum() throws IOException {
        byte[] frame = new byte[WalFrame.SIZE];
        int previous = storedChecksum(3);
        WalFrame.seal(frame, 0, 4, 0, SALT + 1, 3, 0, 0L, previous, new CRC32());
        try (VfsFile file = vfs.open(PATH)) {
            file.writeFully(WalFrame.offset(4), ByteBuffer.wrap(frame));
        }
        assertEquals(new WalScan.Result(4, previous, 4, 2, digestOf(2), 0, 4, WalScan.Stop.SALT_MISMATCH, 0), scan(new WalIndex()));
    }

    @Test
    void aChainedFrameOfAnotherSequenceInsideACommitIsCorruptionNamingTheFrame() throws IOException {
        byte[] frame = new byte[WalFrame.SIZE];
        WalFrame.seal(frame, 0, 5, 7, SALT, 99, 0, 0L, storedChecksum(4), new CRC32());
        try (VfsFile file = vfs.open(PATH)) {
            file.writeFully(WalFrame.offset(5), ByteBuffer.wrap(frame));
        }
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> scan(new WalIndex()));
        assertEquals(5, e.page());
    }
}
