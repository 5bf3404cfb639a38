package dev.crashbench.faultvfs;

import static dev.crashbench.faultvfs.SimDiskTesting.KEEP_ALL;
import static dev.crashbench.faultvfs.SimDiskTesting.createDurable;
import static dev.crashbench.faultvfs.SimDiskTesting.filled;
import static dev.crashbench.faultvfs.SimDiskTesting.newDisk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.FileLockedException;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsLock;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** SimDisk's lock model: held by a handle, refused to others, released by close and by a crash, never a step. */
class LockTest {
    private static final byte[] CONTENT = filled(512, 'd');

    @Test
    void aSecondHandleIsRefusedUntilTheHolderClosesOrReleases() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile holder = createDurable(disk, "db", CONTENT);
        VfsFile other = disk.open("db");
        VfsLock lock = holder.tryLockExclusive();
        FileLockedException refused = assertThrows(FileLockedException.class, other::tryLockExclusive);
        assertEquals(Errno.EAGAIN, refused.errno());
        assertEquals("db", refused.path());
        assertTrue(refused.holder().contains("opened at step 0"), refused.holder());
        assertThrows(IllegalStateException.class, holder::tryLockExclusive);

        lock.close();
        VfsLock taken = other.tryLockExclusive();
        lock.close(); // released already: the other handle's lock stays
        assertThrows(FileLockedException.class, holder::tryLockExclusive);
        other.close();
        holder.tryLockExclusive();
        taken.close();
        assertThrows(FileLockedException.class, disk.open("db")::tryLockExclusive);
    }

    @Test
    void theLockIsOnTheFileNotTheNameAndNeedsAWritableHandle() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        createDurable(disk, "a", CONTENT).tryLockExclusive();
        disk.rename("a", "b");
        assertThrows(FileLockedException.class, disk.open("b")::tryLockExclusive);
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class,
                disk.open("b", OpenOption.READ_ONLY)::tryLockExclusive).errno());
        VfsFile closed = disk.open("b");
        closed.close();
        assertThrows(IllegalStateException.class, closed::tryLockExclusive);
    }

    @Test
    void takingAndReleasingALockAreNotSteps() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile file = createDurable(disk, "db", CONTENT);
        int step = disk.step();
        file.tryLockExclusive().close();
        assertEquals(step, disk.step());
        assertEquals(step, disk.trace().size());
    }

    @Test
    void aCrashLeavesNoLockBehind() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile holder = createDurable(disk, "db", CONTENT);
        VfsFile other = disk.open("db");
        holder.tryLockExclusive();
        disk.cutPower();
        int cut = disk.step();
        assertEquals(cut, assertThrows(PowerCutException.class, other::tryLockExclusive).step(),
                "the machine is dead");
        SimDisk rebooted = disk.crashImage(KEEP_ALL).disk();
        try (VfsFile reopened = rebooted.open("db")) {
            reopened.tryLockExclusive();
        }
    }
}
