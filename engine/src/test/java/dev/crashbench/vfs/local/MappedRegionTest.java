package dev.crashbench.vfs.local;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link MappedRegion}s of {@link LocalVfs} files, on both backends. */
class MappedRegionTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void regionStoresAreSeenByPreadOnAnotherHandleAndSurviveSyncAndReopen(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "map-visible");
        byte[] record = Bytes.pattern(300, 9);
        try (VfsFile writer = vfs.open("wal", OpenOption.CREATE_NEW);
             VfsFile reader = vfs.open("wal", OpenOption.READ_ONLY)) {
            writer.allocate(16384);
            writer.sync(SyncMode.FULL);
            MappedRegion region = writer.map(4096, 8192);
            assertEquals(4096, region.fileOffset());
            assertEquals(8192, region.length());

            ByteBuffer src = ByteBuffer.wrap(record);
            region.write(100, src);
            assertEquals(300, src.position(), "write advances the source");

            ByteBuffer seen = ByteBuffer.allocate(300);
            reader.readFully(4096 + 100, seen);
            assertArrayEquals(record, seen.array(), "a store is visible to pread at once (shared page cache)");

            region.sync(100, 300);
            region.close();
        }
        try (VfsFile again = vfs.open("wal", OpenOption.READ_ONLY)) {
            ByteBuffer back = ByteBuffer.allocateDirect(300);
            again.readFully(4196, back);
            assertArrayEquals(record, Bytes.array(back.flip()));
            assertEquals(16384, again.size(), "mapping and syncing must not change the size");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void regionReadsSeePwritesAndWorkAtUnalignedOffsets(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "map-read");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            f.writeFully(0, ByteBuffer.wrap(Bytes.pattern(10_000, 3)));
            MappedRegion region = f.map(1234, 5000);
            f.writeFully(1234 + 10, Bytes.heap("pwritten"));
            ByteBuffer dst = ByteBuffer.allocate(20);
            dst.position(4);
            region.read(10, dst.limit(12));
            assertEquals(12, dst.position());
            assertEquals("pwritten", Bytes.string(dst.flip().position(4)));

            ByteBuffer head = ByteBuffer.allocateDirect(10);
            region.read(0, head);
            byte[] expected = new byte[10];
            System.arraycopy(Bytes.pattern(10_000, 3), 1234, expected, 0, 10);
            assertArrayEquals(expected, Bytes.array(head.flip()));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRegionOutlivesItsFileHandleButNotItsOwnClose(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "map-lifetime");
        MappedRegion region;
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            f.truncate(4096);
            region = f.map(0, 4096);
        }
        region.write(0, Bytes.heap("after close"));
        region.sync(0, 4096);
        try (VfsFile f = vfs.open("f", OpenOption.READ_ONLY)) {
            ByteBuffer dst = ByteBuffer.allocate(11);
            f.readFully(0, dst);
            assertEquals("after close", Bytes.string(dst.flip()));
        }
        region.close();
        region.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> region.read(0, ByteBuffer.allocate(1)));
        assertEquals("region [0, 4096) of file f is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> region.write(0, Bytes.heap("x")));
        assertThrows(IllegalStateException.class, () -> region.sync(0, 1));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void positionsOutsideTheRegionAreRejected(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "map-bounds");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            f.truncate(8192);
            MappedRegion region = f.map(0, 4096);
            assertThrows(IllegalArgumentException.class, () -> region.write(4095, Bytes.heap("ab")));
            assertThrows(IllegalArgumentException.class, () -> region.read(-1, ByteBuffer.allocate(1)));
            assertThrows(IllegalArgumentException.class, () -> region.sync(4000, 97));
            region.write(4094, Bytes.heap("ab"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRegionOfAReadOnlyHandleReadsButRejectsStores(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "map-ro");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            f.writeFully(0, Bytes.heap("read-only"));
        }
        try (VfsFile ro = vfs.open("f", OpenOption.READ_ONLY)) {
            MappedRegion region = ro.map(0, 9);
            ByteBuffer dst = ByteBuffer.allocate(9);
            region.read(0, dst);
            assertEquals("read-only", Bytes.string(dst.flip()));
            ErrnoException e = assertThrows(ErrnoException.class, () -> region.write(0, Bytes.heap("x")));
            assertEquals(Errno.EBADF, e.errno());
        }
    }
}
