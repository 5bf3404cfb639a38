package dev.crashbench.faultvfs;

import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static dev.crashbench.faultvfs.SimDiskTesting.KEEP_ALL;
import static dev.crashbench.faultvfs.SimDiskTesting.LOSE_ALL;
import static dev.crashbench.faultvfs.SimDiskTesting.assertBytes;
import static dev.crashbench.faultvfs.SimDiskTesting.crash;
import static dev.crashbench.faultvfs.SimDiskTesting.createDurable;
import static dev.crashbench.faultvfs.SimDiskTesting.durable;
import static dev.crashbench.faultvfs.SimDiskTesting.filled;
import static dev.crashbench.faultvfs.SimDiskTesting.newDisk;
import static dev.crashbench.faultvfs.SimDiskTesting.read;
import static dev.crashbench.faultvfs.SimDiskTesting.readAll;
import static dev.crashbench.faultvfs.SimDiskTesting.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Directory entries are durable only once their directory is synced; close and reopen never sync. */
class MetadataTest {
    private static final byte[] DATA = filled(700, 'd');

    @Test
    void aCreatedFileWhoseDataIsSyncedIsMissingUntilItsDirectoryIsSynced() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = disk.open("f", OpenOption.CREATE);
        write(f, 0, DATA);
        f.sync(SyncMode.FULL);
        assertTrue(disk.inspectDurable("f").isEmpty());
        assertFalse(crash(disk, LOSE_ALL).exists("f"));
        assertArrayEquals(DATA, readAll(crash(disk, KEEP_ALL), "f"), "the create was pending, not impossible");

        disk.syncDirectory("");
        assertBytes(DATA, readAll(crash(disk, LOSE_ALL), "f"));
    }

    @Test
    void aDeleteIsUndoneUnlessTheDirectoryIsSynced() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        createDurable(disk, "f", DATA).close();
        disk.delete("f");
        assertFalse(disk.exists("f"));
        assertBytes(DATA, readAll(crash(disk, LOSE_ALL), "f"));
        disk.syncDirectory("");
        assertFalse(crash(disk, LOSE_ALL).exists("f"));
    }

    @Test
    void anOpenHandleOutlivesTheDeleteOfItsName() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", DATA);
        disk.delete("f");
        write(f, 0, filled(10, 'x'));
        assertBytes(filled(10, 'x'), read(f, 0, 10));
        disk.syncDirectory("");
        assertFalse(crash(disk, KEEP_ALL).exists("f"));
    }

    @Test
    void aRenameIsUndoneUnlessADirectoryIsSynced() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        createDurable(disk, "a", DATA).close();
        disk.rename("a", "b");
        SimDisk lost = crash(disk, LOSE_ALL);
        assertTrue(lost.exists("a"));
        assertFalse(lost.exists("b"));

        disk.syncDirectory("");
        SimDisk kept = crash(disk, LOSE_ALL);
        assertFalse(kept.exists("a"));
        assertBytes(DATA, readAll(kept, "b"));
    }

    @Test
    void aRenameAtomicallyReplacesTheTarget() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        createDurable(disk, "a", filled(10, 'a')).close();
        createDurable(disk, "b", filled(20, 'b')).close();
        disk.rename("a", "b");
        assertFalse(disk.exists("a"));
        assertBytes(filled(10, 'a'), readAll(disk, "b"));

        // Whatever the cut does, "b" names one whole file, the old or the new.
        SimDisk before = crash(disk, LOSE_ALL);
        assertBytes(filled(10, 'a'), readAll(before, "a"));
        assertBytes(filled(20, 'b'), readAll(before, "b"));
        SimDisk after = crash(disk, KEEP_ALL);
        assertFalse(after.exists("a"));
        assertBytes(filled(10, 'a'), readAll(after, "b"));
    }

    @Test
    void aRenameAcrossDirectoriesIsDurableWhenEitherDirectoryIsSynced() throws IOException {
        for (String synced : List.of("d1", "d2")) {
            SimDisk disk = newDisk(FaultPlan.NONE);
            disk.createDirectory("d1");
            disk.createDirectory("d2");
            disk.syncDirectory("");
            createDurable(disk, "d1/a", DATA).close();
            disk.rename("d1/a", "d2/b");
            disk.syncDirectory(synced);
            SimDisk image = crash(disk, LOSE_ALL);
            assertFalse(image.exists("d1/a"), synced);
            assertBytes(DATA, readAll(image, "d2/b"));
        }
    }

    @Test
    void syncingOneDirectoryNeverReordersNameOpsOnTheSamePath() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        disk.createDirectory("d1");
        disk.createDirectory("d2");
        disk.syncDirectory("");
        createDurable(disk, "d1/a", filled(10, 'a')).close();
        disk.open("d2/x", OpenOption.CREATE).close(); // pending: create d2/x
        disk.rename("d1/a", "d2/x");                  // pending: replaces it
        disk.syncDirectory("d1");
        disk.syncDirectory("d2");
        // Live, d2/x is the renamed file; after both syncs the disk must agree.
        assertBytes(filled(10, 'a'), readAll(disk, "d2/x"));
        assertTrue(disk.liveEqualsDurable());
        assertBytes(filled(10, 'a'), readAll(crash(disk, LOSE_ALL), "d2/x"));
    }

    @Test
    void aDirectoryIsLostUnlessItsParentIsSynced() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        disk.createDirectory("d");
        assertFalse(crash(disk, LOSE_ALL).exists("d"));
        disk.syncDirectory("");
        assertEquals(List.of("d"), crash(disk, LOSE_ALL).list(""));
    }

    @Test
    void aFileInADirectoryWhoseMkdirWasLostIsPruned() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        disk.createDirectory("d");
        disk.createDirectory("d/e");
        createDurable(disk, "d/e/f", DATA).close(); // syncs d/e, the parent of f
        disk.syncDirectory("d");                    // makes d/e durable, but not d itself
        assertTrue(disk.inspectDurable("d/e/f").isEmpty(), "no durable path leads to it");
        SimDisk image = crash(disk, LOSE_ALL);
        assertFalse(image.exists("d"));
        assertFalse(image.exists("d/e"));
        assertFalse(image.exists("d/e/f"));
        assertEquals(List.of(), image.list(""));

        disk.syncDirectory("");
        assertBytes(DATA, durable(disk, "d/e/f"));
        assertBytes(DATA, readAll(crash(disk, LOSE_ALL), "d/e/f"));
    }

    @Test
    void closeNeverSyncs() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", DATA);
        write(f, 0, filled(10, 'x'));
        f.close();
        assertEquals(1, disk.pendingOps().size());
        assertBytes(DATA, readAll(crash(disk, LOSE_ALL), "f"));
    }

    @Test
    void reopeningNeverSyncs() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", DATA);
        write(f, 0, filled(10, 'x'));
        f.close();
        try (VfsFile again = disk.open("f")) {
            assertBytes(filled(10, 'x'), read(again, 0, 10)); // the page cache serves the new bytes
        }
        assertEquals(1, disk.pendingOps().size());
        assertBytes(DATA, readAll(crash(disk, LOSE_ALL), "f"));
    }
}
