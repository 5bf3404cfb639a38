package dev.crashbench.vfs;

import dev.crashbench.vfs.memory.MemoryVfs;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryVfsTest {

    private static byte[] read(VfsFile f, long offset, int n) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(n);
        f.read(offset, b);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void positionalIoGapsAndTruncate() throws Exception {
        MemoryVfs vfs = new MemoryVfs("t");
        VfsFile f = vfs.open("a", OpenOption.CREATE);
        f.writeFully(10, ByteBuffer.wrap(new byte[] {1, 2}));
        assertEquals(12, f.size());
        assertArrayEquals(new byte[] {0, 0, 1, 2}, read(f, 8, 10));
        f.truncate(11);
        assertArrayEquals(new byte[] {1}, read(f, 10, 5));
        f.truncate(13);
        assertArrayEquals(new byte[] {1, 0, 0}, read(f, 10, 5));
        f.allocate(100);
        assertEquals(100, f.size());
        assertEquals(0, f.read(200, ByteBuffer.allocate(4)));
        try (MappedRegion m = f.map(10, 4)) {
            m.write(1, ByteBuffer.wrap(new byte[] {7}));
            assertArrayEquals(new byte[] {1, 7}, read(f, 10, 2));
        }
        f.close();
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> f.size()).errno());
    }

    @Test
    void namespaceFollowsTheSpi() throws Exception {
        MemoryVfs vfs = new MemoryVfs("t");
        assertEquals(Errno.ENOENT, assertThrows(ErrnoException.class, () -> vfs.open("missing")).errno());
        assertEquals(Errno.ENOENT, assertThrows(ErrnoException.class, () -> vfs.open("d/x", OpenOption.CREATE)).errno());
        vfs.createDirectory("d");
        VfsFile x = vfs.open("d/x", OpenOption.CREATE);
        x.writeFully(0, ByteBuffer.wrap(new byte[] {5}));
        VfsFile y = vfs.open("d/y", OpenOption.CREATE);
        y.writeFully(0, ByteBuffer.wrap(new byte[] {6}));
        assertEquals(Errno.EEXIST, assertThrows(ErrnoException.class, () -> vfs.open("d/x", OpenOption.CREATE_NEW)).errno());
        assertEquals(List.of("x", "y"), vfs.list("d"));
        vfs.rename("d/y", "d/x");
        assertArrayEquals(new byte[] {6}, read(vfs.open("d/x"), 0, 1));
        assertArrayEquals(new byte[] {5}, read(x, 0, 1), "a handle keeps the replaced file");
        vfs.delete("d/x");
        assertFalse(vfs.exists("d/x"));
        assertArrayEquals(new byte[] {6}, read(y, 0, 1), "a handle keeps a deleted file");
        assertTrue(vfs.exists("d"));
        vfs.syncDirectory("d");
        VfsFile ro = vfs.open("r", OpenOption.CREATE, OpenOption.READ_ONLY);
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> ro.write(0, ByteBuffer.allocate(1))).errno());
        vfs.delete("r");
        vfs.delete("d");
        assertEquals(List.of(), vfs.list(""));
    }

    @Test
    void aLockIsHeldByOneHandleOfTheFileWhateverItsName() throws Exception {
        MemoryVfs vfs = new MemoryVfs("t");
        VfsFile holder = vfs.open("a", OpenOption.CREATE);
        VfsLock lock = holder.tryLockExclusive();
        vfs.rename("a", "b");
        VfsFile other = vfs.open("b");
        FileLockedException refused = assertThrows(FileLockedException.class, other::tryLockExclusive);
        assertEquals("b", refused.path());
        assertThrows(IllegalStateException.class, holder::tryLockExclusive);
        lock.close();
        VfsLock taken = other.tryLockExclusive();
        lock.close(); // released already: the other handle keeps its lock
        assertThrows(FileLockedException.class, holder::tryLockExclusive);
        other.close(); // closing releases it
        holder.tryLockExclusive();
        taken.close();
        assertThrows(FileLockedException.class, vfs.open("b")::tryLockExclusive);
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class,
                vfs.open("b", OpenOption.READ_ONLY)::tryLockExclusive).errno());
    }
}
