package dev.crashbench.engine.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.engine.pager.PageChecksum;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delta frames in the recovery scan: frames of different lengths follow one another, each delta's
 * depth is its base's plus one, a torn delta ends the valid prefix like any torn frame, and a delta
 * whose base is not its page's newest frame before it is refused as corruption.
 */
class DeltaScanTest {
    private static final String PATH = "db-wal";
    private static final long SALT = 0x0DE17A_0000_0001L;
    private static final int PAGE = 3;

    private MemoryVfs vfs;
    private final PageChecksum checksum = new PageChecksum();
    private byte[] image;

    @BeforeEach
    void open() {
        vfs = new MemoryVfs("delta-scan");
        image = new byte[Page.SIZE];
        PageBytes.putLong(image, 0, 1);
        checksum.seal(PAGE, image);
    }

    private Wal.Recovered recover(WalIndex index) throws IOException {
        return Wal.open(vfs, PATH, 4, SALT, 0, index, Set.of());
    }

    /**
     * Commits page {@link #PAGE} changed at byte 100, allowed to be a delta against frame {@code base}
     * ({@code baseDepth} deltas deep) when {@code base >= 0}, and syncs it; returns where it went.
     */
    private FramePlan commitWithPlan(Wal wal, int sequence, int base, int baseDepth) throws IOException {
        byte[] previous = image;
        image = previous.clone();
        image[100] = (byte) sequence;
        checksum.seal(PAGE, image);
        FramePlan plan = new FramePlan();
        plan.begin(1);
        if (base >= 0) {
            plan.allowDelta(0, base, previous, baseDepth);
        }
        wal.append(new int[] {PAGE}, new byte[][] {image}, 1, PAGE + 1, sequence, sequence, plan);
        wal.sync();
        return plan;
    }

    private void flip(long offset) throws IOException {
        try (VfsFile file = vfs.open(PATH)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            file.readFully(offset, b);
            b.put(0, (byte) (b.get(0) ^ 1)).rewind();
            file.writeFully(offset, b);
        }
    }

    @Test
    void framesOfDifferentLengthsFollowEachOtherAndDeltasCountTheirDepth() throws IOException {
        long deltaOffset;
        try (Wal wal = recover(new WalIndex()).wal()) {
            assertEquals(0, commitWithPlan(wal, 1, -1, 0).depth(0));
            FramePlan second = commitWithPlan(wal, 2, 0, 0);
            assertEquals(1, second.depth(0));
            assertEquals(WalFrame.ALIGNMENT, second.length(0), "one changed byte and the trailer: one sector");
            assertEquals(WalFrame.offset(1), second.offset(0));
            deltaOffset = second.offset(0);
            FramePlan third = commitWithPlan(wal, 3, 1, 1);
            assertEquals(2, third.depth(0));
            assertEquals(deltaOffset + WalFrame.ALIGNMENT, third.offset(0));
            FramePlan fourth = commitWithPlan(wal, 4, -1, 0);
            assertEquals(WalFrame.SIZE, fourth.length(0), "a full frame after deltas");
        }
        WalIndex index = new WalIndex();
        Wal.Recovered r = recover(index);
        r.wal().close();
        assertEquals(4, r.committedFrames());
        assertEquals(0, index.depth(0));
        assertEquals(1, index.depth(1));
        assertEquals(2, index.depth(2));
        assertEquals(0, index.depth(3));
        assertEquals(deltaOffset, index.offset(1));
        assertEquals(deltaOffset + 2 * WalFrame.ALIGNMENT + WalFrame.SIZE, index.end(WalHeader.REGION_SIZE));
    }

    @Test
    void aTornDeltaIsNeverApplied() throws IOException {
        long tornAt;
        try (Wal wal = recover(new WalIndex()).wal()) {
            commitWithPlan(wal, 1, -1, 0);
            commitWithPlan(wal, 2, 0, 0);
            tornAt = commitWithPlan(wal, 3, 1, 1).offset(0);
        }
        flip(tornAt + WalFrame.OFFSET_DELTA + 7); // inside the delta's bytes, which its checksum covers
        try (VfsFile file = vfs.open(PATH, OpenOption.READ_ONLY)) {
            WalScan.Result scan = WalScan.scan(file, SALT, PATH, new WalIndex());
            assertEquals(2, scan.committedFrames(), "the torn delta and its commit are not replayed");
            assertEquals(2, scan.stopFrame());
            assertEquals(WalScan.Stop.CHECKSUM_MISMATCH, scan.stop());
        }
    }

    @Test
    void onlyTheUnverifiedMutationTakesATornDelta() throws IOException {
        long tornAt;
        try (Wal wal = recover(new WalIndex()).wal()) {
            commitWithPlan(wal, 1, -1, 0);
            tornAt = commitWithPlan(wal, 2, 0, 0).offset(0);
        }
        // The changed byte's value, inside the delta's payload: still a well-formed delta.
        flip(tornAt + WalFrame.OFFSET_DELTA + DeltaCodec.OFFSET_RANGES + 2 * DeltaCodec.RANGE_SIZE);
        assertEquals(1, recover(new WalIndex()).committedFrames(), "the healthy scan stops at the torn delta");
        Wal.Recovered careless = Wal.open(vfs, PATH, 4, SALT, 0, new WalIndex(), Set.of(UnsafeMutation.DELTA_UNVERIFIED));
        careless.wal().close();
        assertEquals(2, careless.committedFrames(), "the mutation replays it");
    }

    @Test
    void aDeltaThatNamesAnotherBaseThanItsPagesNewestFrameIsCorruption() throws IOException {
        try (Wal wal = recover(new WalIndex()).wal()) {
            commitWithPlan(wal, 1, -1, 0);
            commitWithPlan(wal, 2, 0, 0);
            commitWithPlan(wal, 3, 0, 0); // names frame 0, but frame 1 is the page's newest
        }
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> recover(new WalIndex()));
        assertTrue(e.getMessage().contains("names frame 0 as its base"), e.getMessage());
        assertEquals(2, e.page(), "the frame is named");
    }

    @Test
    void aDeltaOnlyTheUnalignedMutationWritesEndsInsideASector() throws IOException {
        try (Wal wal = Wal.open(vfs, PATH, 4, SALT, 0, new WalIndex(), Set.of(UnsafeMutation.DELTA_UNALIGNED)).wal()) {
            commitWithPlan(wal, 1, -1, 0);
            FramePlan delta = commitWithPlan(wal, 2, 0, 0);
            assertTrue(delta.length(0) % WalFrame.ALIGNMENT != 0, "length " + delta.length(0));
            FramePlan next = commitWithPlan(wal, 3, 1, 1);
            assertTrue(next.offset(0) % WalFrame.ALIGNMENT != 0, "the next commit starts inside a sector");
        }
        WalIndex index = new WalIndex();
        Wal.Recovered mutated = Wal.open(vfs, PATH, 4, SALT, 0, index, Set.of(UnsafeMutation.DELTA_UNALIGNED));
        mutated.wal().close();
        assertEquals(3, mutated.committedFrames());
    }
}
