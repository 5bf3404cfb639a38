package dev.crashbench.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crashbench.engine.TestDb;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.local.TestDirs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recovery mutations of {@link Wal#open}: what the healthy scan refuses and the mutated scan
 * replays. Each test writes the same files with a healthy WAL, then recovers them once without
 * and once with the mutation (recovery only reads, so both see the same bytes).
 */
class WalMutationTest {
    private static final String PATH = "db-wal";
    private static final int PREALLOCATED = 16;
    private static final long SALT = 0x5EED_0000_0000_0002L;

    private Path dir;
    private LocalVfs vfs;

    @BeforeEach
    void freshDirectory() throws IOException {
        dir = TestDirs.fresh("wal-mutation");
        vfs = LocalVfs.at(dir);
    }

    private Wal.Recovered recover(WalIndex index, UnsafeMutation... mutations) throws IOException {
        return Wal.open(vfs, PATH, PREALLOCATED, SALT, 0, index, Set.of(mutations));
    }

    private Wal create() throws IOException {
        return recover(new WalIndex()).wal();
    }

    private static void commit(Wal wal, long sequence, int databaseSize, int version, int... pageIds) throws IOException {
        byte[][] images = new byte[pageIds.length][];
        for (int i = 0; i < pageIds.length; i++) {
            images[i] = WalRecoveryTest.image(pageIds[i], version);
        }
        wal.append(pageIds, images, pageIds.length, databaseSize, sequence, 0);
        wal.sync();
    }

    private static byte[] frameImage(Wal wal, int frame) throws IOException {
        byte[] image = new byte[Page.SIZE];
        wal.readImage(WalFrame.offset(frame), image); // a WAL of full frames
        return image;
    }

    @Test
    void noFrameChecksumReplaysAFrameWhoseImageWasDamaged() throws IOException {
        // A = page 1 (frame 0); B = pages 2, 3 (frames 1-2). A torn write leaves B's page 2 image garbled.
        try (Wal wal = create()) {
            commit(wal, 1, 4, 1, 1);
            commit(wal, 2, 4, 2, 2, 3);
        }
        TestDb.flipByte(dir.resolve(PATH), WalFrame.offset(1) + WalFrame.OFFSET_IMAGE + 100);

        WalIndex healthy = new WalIndex();
        try (Wal wal = recover(healthy).wal()) {
            assertEquals(1, wal.frameCount(), "the healthy scan stops at the frame that fails its checksum");
            assertEquals(-1, healthy.newest(2, Integer.MAX_VALUE));
        }

        WalIndex mutated = new WalIndex();
        try (Wal wal = recover(mutated, UnsafeMutation.NO_FRAME_CHECKSUM).wal()) {
            assertEquals(3, wal.frameCount(), "the mutated scan replays commit B, damaged frame and all");
            assertEquals(1, mutated.newest(2, Integer.MAX_VALUE));
            byte[] image = frameImage(wal, 1);
            byte[] written = WalRecoveryTest.image(2, 2);
            assertEquals(written[100] ^ 0x40, image[100], "the garbled byte is what recovery now serves");
        }
    }

    @Test
    void noFrameChecksumReplaysAFrameWhoseChecksumFieldWasDamaged() throws IOException {
        try (Wal wal = create()) {
            commit(wal, 1, 4, 1, 1);
            commit(wal, 2, 4, 2, 2, 3);
        }
        TestDb.flipByte(dir.resolve(PATH), WalFrame.offset(2) + WalFrame.OFFSET_CHECKSUM);
        try (Wal wal = recover(new WalIndex()).wal()) {
            assertEquals(1, wal.frameCount());
        }
        try (Wal wal = recover(new WalIndex(), UnsafeMutation.NO_FRAME_CHECKSUM).wal()) {
            assertEquals(3, wal.frameCount());
        }
    }

    @Test
    void noFrameChecksumStillStopsAtAForeignSalt() throws IOException {
        try (Wal wal = create()) {
            commit(wal, 1, 4, 1, 1);
        }
        // Frame 1 onwards is zero-filled preallocation: salt 0, never a frame of this generation.
        try (Wal wal = recover(new WalIndex(), UnsafeMutation.NO_FRAME_CHECKSUM).wal()) {
            assertEquals(1, wal.frameCount());
        }
    }

    /**
     * Generation 1: A = pages 1, 2 (frames 0-1), B = pages 3, 4 (frames 2-3). Checkpoint reset.
     * Generation 2: D = page 1 (frame 0, overwriting A's first frame). Frames 1-3 are stale.
     */
    private void writeGenerationsWithStaleTail() throws IOException {
        try (Wal wal = create()) {
            commit(wal, 1, 5, 1, 1, 2);
            commit(wal, 2, 5, 2, 3, 4);
            wal.reset(1, true, 0);
            commit(wal, 3, 5, 3, 1);
            assertEquals(1, wal.frameCount());
        }
    }

    @Test
    void acceptStaleSaltReplaysFramesOfTheRetiredGenerationAfterAReset() throws IOException {
        writeGenerationsWithStaleTail();

        WalIndex healthy = new WalIndex();
        Wal.Recovered clean = recover(healthy);
        try (Wal wal = clean.wal()) {
            assertEquals(1, clean.committedFrames(), "the healthy scan stops at the first frame of another salt");
            assertEquals(3, clean.lastCommitSequence());
            assertEquals(-1, healthy.newest(3, Integer.MAX_VALUE));
        }

        WalIndex mutated = new WalIndex();
        Wal.Recovered stale = recover(mutated, UnsafeMutation.ACCEPT_STALE_SALT);
        try (Wal wal = stale.wal()) {
            assertEquals(4, stale.committedFrames(), "A's tail and all of B, retired by the reset, are replayed");
            assertEquals(2, stale.lastCommitSequence(), "the newest commit is now an older one than D");
            assertEquals(2, mutated.newest(3, Integer.MAX_VALUE));
            assertArrayEquals(WalRecoveryTest.image(3, 2), frameImage(wal, 2));
            assertEquals(0, mutated.newest(1, Integer.MAX_VALUE), "D itself is still there");
        }
    }

    @Test
    void acceptStaleSaltStillVerifiesTheChainInsideARun() throws IOException {
        writeGenerationsWithStaleTail();
        // Damage B's second frame: the stale run is taken up at frame 1 but its chain breaks at 3.
        TestDb.flipByte(dir.resolve(PATH), WalFrame.offset(3) + WalFrame.OFFSET_IMAGE + 7);
        Wal.Recovered stale = recover(new WalIndex(), UnsafeMutation.ACCEPT_STALE_SALT);
        try (Wal wal = stale.wal()) {
            assertEquals(2, stale.committedFrames());
        }
    }

    @Test
    void noFrameChecksumWritesNoChecksum() throws IOException {
        try (Wal wal = recover(new WalIndex(), UnsafeMutation.NO_FRAME_CHECKSUM).wal()) {
            commit(wal, 1, 4, 1, 1, 2);
        }
        byte[] file = Files.readAllBytes(dir.resolve(PATH));
        for (int frame = 0; frame < 2; frame++) {
            assertEquals(0, WalFrame.storedChecksum(file, (int) WalFrame.offset(frame)), "frame " + frame);
        }
        try (Wal wal = recover(new WalIndex()).wal()) {
            assertEquals(0, wal.frameCount(), "the healthy scan refuses frames without a checksum");
        }
    }

    /** Mutation WAL_HEADER_END_OFFSET: the header's end field, as the mutated engine left it. */
    private int headerEnd() throws IOException {
        byte[] file = Files.readAllBytes(dir.resolve(PATH));
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(WalHeader.OFFSET_END_FRAMES);
    }

    @Test
    void headerEndOffsetRecordsTheEndAndResetsItWithTheHeader() throws IOException {
        try (Wal wal = recover(new WalIndex(), UnsafeMutation.WAL_HEADER_END_OFFSET).wal()) {
            assertEquals(0, headerEnd());
            commit(wal, 1, 5, 1, 1, 2);
            assertEquals(2, headerEnd());
            commit(wal, 2, 5, 2, 3);
            assertEquals(3, headerEnd());
            wal.reset(1, true, 0);
            assertEquals(0, headerEnd(), "a new generation starts with no frames");
        }
    }

    @Test
    void headerEndOffsetReplaysAStaleFrameTheEndVouchesFor() throws IOException {
        // Generation 1: A = pages 1, 2 (frames 0-1), B = pages 3, 4 (frames 2-3); reset.
        // Generation 2: D = page 1 (frame 0), then E = page 3 (frame 1), whose frame never lands
        // while the header's end, written in the same sync, does: frame 1 is still A's stale one.
        try (Wal wal = recover(new WalIndex(), UnsafeMutation.WAL_HEADER_END_OFFSET).wal()) {
            commit(wal, 1, 5, 1, 1, 2);
            commit(wal, 2, 5, 2, 3, 4);
            wal.reset(1, true, 0);
            commit(wal, 3, 5, 3, 1);
        }
        byte[] staleFrame = Arrays.copyOfRange(Files.readAllBytes(dir.resolve(PATH)), (int) WalFrame.offset(1),
                (int) WalFrame.offset(2));
        try (Wal wal = recover(new WalIndex(), UnsafeMutation.WAL_HEADER_END_OFFSET).wal()) {
            commit(wal, 4, 5, 4, 3);
        }
        assertEquals(2, headerEnd());
        TestDb.writeRaw(dir.resolve(PATH), WalFrame.offset(1), staleFrame);

        Wal.Recovered healthy = recover(new WalIndex());
        healthy.wal().close();
        assertEquals(1, healthy.committedFrames(), "the healthy scan stops at the stale salt");
        assertEquals(3, healthy.lastCommitSequence());

        WalIndex index = new WalIndex();
        Wal.Recovered trusted = recover(index, UnsafeMutation.WAL_HEADER_END_OFFSET);
        long salt = trusted.wal().salt();
        try (Wal wal = trusted.wal()) {
            assertEquals(2, trusted.committedFrames(), "the mutated scan replays up to the header's end");
            assertEquals(1, trusted.lastCommitSequence(), "and so A's stale frame, as the newest commit");
            assertArrayEquals(WalRecoveryTest.image(2, 1), frameImage(wal, index.newest(2, Integer.MAX_VALUE)));
        }
        try (VfsFile file = vfs.open(PATH)) {
            WalScan.Result scan = WalScan.scan(file, salt, PATH, new WalIndex(),
                    Set.of(UnsafeMutation.WAL_HEADER_END_OFFSET));
            assertEquals(WalScan.Stop.HEADER_END, scan.stop(), "it stops where the header says, not at a check");
            assertEquals(2, scan.stopFrame());
        }
    }

    @Test
    void withNoMutationTheHealthyOverloadAndTheEmptySetRecoverTheSame() throws IOException {
        writeGenerationsWithStaleTail();
        Wal.Recovered plain = Wal.open(vfs, PATH, PREALLOCATED, SALT, 0, new WalIndex());
        plain.wal().close();
        Wal.Recovered empty = recover(new WalIndex());
        empty.wal().close();
        assertEquals(plain.committedFrames(), empty.committedFrames());
        assertEquals(plain.lastCommitSequence(), empty.lastCommitSequence());
        assertEquals(plain.framesIgnored(), empty.framesIgnored());
    }
}
