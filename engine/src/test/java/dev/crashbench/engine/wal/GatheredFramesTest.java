package dev.crashbench.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineEvents;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageDigest;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.local.TestDirs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Group commit's gathered write ({@link GatheredFrames}, and {@link Wal} with gathering on):
 * staged commits are readable before they are written, the next flush writes all of them with one
 * store, a commit staged while a flush writes waits for the next one, a stage that would leave a
 * hole is refused, and a failed write fails every later flush.
 */
class GatheredFramesTest {
    private static final long AT = WalHeader.REGION_SIZE;

    /** A writer that records every store (offset, bytes) and can fail or run something mid-store. */
    private static final class RecordingWriter implements WalWriter {
        final List<Long> offsets = new ArrayList<>();
        final List<byte[]> stores = new ArrayList<>();
        IOException failure;
        Runnable duringStore;

        @Override
        public void store(long offset, ByteBuffer frames, int frameCount) throws IOException {
            if (failure != null) {
                throw failure;
            }
            byte[] bytes = new byte[frames.remaining()];
            frames.get(bytes);
            offsets.add(offset);
            stores.add(bytes);
            if (duringStore != null) {
                Runnable run = duringStore;
                duringStore = null;
                run.run();
            }
        }

        @Override
        public void sync() {
        }

        @Override
        public void preallocated(long size) {
        }

        @Override
        public void close() {
        }
    }

    private static ByteBuffer frames(int length, int fill) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) fill);
        return ByteBuffer.wrap(bytes);
    }

    private static byte[] read(GatheredFrames gathered, long offset, int length) {
        byte[] dst = new byte[length];
        assertTrue(gathered.read(offset, dst, 0, length), "bytes at " + offset + " are staged");
        return dst;
    }

    @Test
    void stagedCommitsAreReadableThenWrittenByOneStore() throws IOException {
        GatheredFrames gathered = new GatheredFrames();
        gathered.stage(AT, frames(WalFrame.SIZE, 1), 1);
        gathered.stage(AT + WalFrame.SIZE, frames(2 * WalFrame.SIZE, 2), 2);
        assertEquals(2, read(gathered, AT + WalFrame.SIZE + 10, 4)[0], "the writer reads what it builds on");
        assertTrue(gathered.pending());

        RecordingWriter writer = new RecordingWriter();
        assertEquals(2, gathered.flush(writer), "one write carried both commits");
        assertEquals(List.of(AT), writer.offsets);
        assertEquals(3 * WalFrame.SIZE, writer.stores.get(0).length);
        assertEquals(1, writer.stores.get(0)[0]);
        assertEquals(2, writer.stores.get(0)[WalFrame.SIZE]);
        assertFalse(gathered.pending());
        assertFalse(gathered.read(AT, new byte[4], 0, 4), "written: the file has them now");
        assertEquals(0, gathered.flush(writer), "nothing staged, nothing written");
        assertEquals(1, writer.stores.size());
    }

    @Test
    void aCommitStagedWhileAFlushWritesGoesOutWithTheNextFlush() throws IOException {
        GatheredFrames gathered = new GatheredFrames();
        gathered.stage(AT, frames(WalFrame.SIZE, 1), 1);
        RecordingWriter writer = new RecordingWriter();
        byte[][] seenDuringWrite = new byte[2][];
        writer.duringStore = () -> {
            seenDuringWrite[0] = read(gathered, AT, 4); // the group being written
            gathered.stage(AT + WalFrame.SIZE, frames(WalFrame.SIZE, 2), 1);
            seenDuringWrite[1] = read(gathered, AT + WalFrame.SIZE, 4);
        };
        assertEquals(1, gathered.flush(writer));
        assertEquals(1, seenDuringWrite[0][0]);
        assertEquals(2, seenDuringWrite[1][0]);
        assertTrue(gathered.pending(), "the commit staged during the write is not written yet");
        assertEquals(1, gathered.flush(writer));
        assertEquals(List.of(AT, AT + WalFrame.SIZE), writer.offsets);
        assertEquals(2, writer.stores.get(1)[0]);
    }

    @Test
    void aStageThatWouldLeaveAHoleIsRefused() {
        GatheredFrames gathered = new GatheredFrames();
        gathered.stage(AT, frames(WalFrame.SIZE, 1), 1);
        assertThrows(IllegalStateException.class, () -> gathered.stage(AT + 2 * WalFrame.SIZE, frames(512, 2), 1));
    }

    @Test
    void aFailedWriteFailsEveryLaterFlush() {
        GatheredFrames gathered = new GatheredFrames();
        gathered.stage(AT, frames(WalFrame.SIZE, 1), 1);
        RecordingWriter writer = new RecordingWriter();
        writer.failure = new IOException("EIO");
        IOException first = assertThrows(IOException.class, () -> gathered.flush(writer));
        writer.failure = null;
        assertSame(first, assertThrows(IOException.class, () -> gathered.flush(writer)), "fail-stop: no retry");
        assertEquals(List.of(), writer.stores);
        assertTrue(gathered.pending());
    }

    private static long sizeOf(LocalVfs vfs) throws IOException {
        try (VfsFile file = vfs.open("db-wal")) {
            return file.size();
        }
    }

    @Test
    void aWalThatGathersWritesItsCommitsAtTheSyncAndRefusesAResetOverUnwrittenOnes() throws IOException {
        LocalVfs vfs = LocalVfs.at(TestDirs.fresh("wal-gathered"));
        EngineEvents events = new EngineEvents();
        try (Wal wal = Wal.open(vfs, "db-wal", 8, 0x5EED_0000_0000_0007L, 0, () -> PageDigest.EMPTY, new WalIndex(),
                Set.of(), WalWriting.PWRITE, events, true).wal()) {
            byte[][] images = {WalRecoveryTest.image(1, 1)};
            long sizeBefore = sizeOf(vfs);
            wal.append(new int[] {1}, images, 1, 2, 1, 0);
            wal.append(new int[] {1}, new byte[][] {WalRecoveryTest.image(1, 2)}, 1, 2, 2, 0);
            byte[] image = new byte[Page.SIZE];
            wal.readImage(WalFrame.offset(1), image);
            assertArrayEquals(WalRecoveryTest.image(1, 2), image, "the second commit, read before it is written");
            assertThrows(IllegalStateException.class, () -> wal.reset(1, true, PageDigest.EMPTY),
                    "a reset would drop commits no sync covered");
            assertEquals(0, events.get(EngineEvent.GROUPED_WRITE));
            wal.sync();
            assertEquals(1, events.get(EngineEvent.GROUPED_WRITE), "both commits went out in one write");
            assertEquals(sizeBefore, sizeOf(vfs), "into the preallocated space");
        }
        WalIndex index = new WalIndex();
        try (Wal reopened = Wal.open(vfs, "db-wal", 8, 0x5EED_0000_0000_0007L, 0, index).wal()) {
            assertEquals(2, reopened.frameCount(), "both commits recovered, each with its own marker");
        }
    }
}
