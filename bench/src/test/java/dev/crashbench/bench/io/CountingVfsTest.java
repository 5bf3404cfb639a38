package dev.crashbench.bench.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crashbench.vfs.FileLockedException;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsLock;
import dev.crashbench.vfs.memory.MemoryVfs;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The counting VFS counts pwrite bytes and mapped stores, and nothing a read, sync or allocation
 * does; a lock goes to the inner file.
 */
class CountingVfsTest {

    @Test
    void writesAndMappedStoresAreCountedReadsAndSyncsAreNot() throws Exception {
        CountingVfs vfs = new CountingVfs(new MemoryVfs("counting"));
        try (VfsFile f = vfs.open("a", OpenOption.CREATE)) {
            f.allocate(8192);
            assertEquals(0, vfs.bytesWritten(), "an allocation writes no data");
            f.writeFully(0, ByteBuffer.allocate(4096));
            f.sync(SyncMode.DATA);
            f.read(0, ByteBuffer.allocate(100));
            assertEquals(4096, vfs.bytesWritten());
            try (MappedRegion r = f.map(4096, 4096)) {
                r.write(512, ByteBuffer.allocate(512));
                r.sync(512, 512);
                r.read(0, ByteBuffer.allocate(10));
            }
            assertEquals(4096 + 512, vfs.bytesWritten());
        }
        try (VfsFile g = vfs.open("b", OpenOption.CREATE)) {
            g.writeFully(0, ByteBuffer.allocate(10));
        }
        assertEquals(4096 + 512 + 10, vfs.bytesWritten(), "every file of the VFS");
    }

    @Test
    void theLockIsTheInnerFilesLock() throws Exception {
        MemoryVfs inner = new MemoryVfs("counting-lock");
        CountingVfs vfs = new CountingVfs(inner);
        try (VfsFile held = vfs.open("a", OpenOption.CREATE); VfsFile other = inner.open("a")) {
            VfsLock lock = held.tryLockExclusive();
            assertThrows(FileLockedException.class, other::tryLockExclusive, "the inner file is locked");
            lock.close();
            other.tryLockExclusive();
            assertThrows(FileLockedException.class, held::tryLockExclusive);
        }
    }
}
