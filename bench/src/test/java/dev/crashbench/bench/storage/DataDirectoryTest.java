package dev.crashbench.bench.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crashbench.bench.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {

    private static final String ROOT_EXT4 = "24 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard\n";

    @Test
    void aMountinfoLineGivesPointTypeSourceAndOptions() {
        Mount m = Mount.parse("36 35 98:0 /mnt1 /mnt/with\\040space rw,noatime master:1 shared:2 - tmpfs tmpfs rw,size=1024k");
        assertEquals("/mnt/with space", m.mountPoint());
        assertEquals("tmpfs", m.fsType());
        assertEquals("tmpfs", m.source());
        assertEquals("rw,noatime", m.mountOptions());
        assertEquals("rw,size=1024k", m.superOptions());
        assertThrows(IllegalArgumentException.class, () -> Mount.parse("not a mountinfo line"));
    }

    @Test
    void theLongestMountPointHoldingThePathWins() {
        MountTable table = MountTable.parse(ROOT_EXT4
                + "30 24 0:30 / /data/ram rw,nosuid - tmpfs tmpfs rw\n"
                + "31 24 0:31 / /data/ramdisk rw - ext4 /dev/vdb rw\n");
        assertEquals("tmpfs", table.holding(Path.of("/data/ram/x/y")).orElseThrow().fsType());
        assertEquals("ext4", table.holding(Path.of("/data/ramdisk/x")).orElseThrow().fsType(),
                "a mount point is a path prefix, not a string prefix");
        assertEquals("/", table.holding(Path.of("/home")).orElseThrow().mountPoint());
    }

    @Test
    void aDirectoryOnTmpfsIsRefusedUnlessAllowed() throws Exception {
        Path dir = TestDirs.fresh("tmpfs-refusal");
        String realDir = dir.toRealPath().toString().replace(" ", "\\040");
        MountTable table = MountTable.parse(ROOT_EXT4 + "40 24 0:40 / " + realDir + " rw,nosuid - tmpfs tmpfs rw\n");
        RefusedDirectoryException refused = assertThrows(RefusedDirectoryException.class,
                () -> DataDirectory.check(dir, false, table));
        assertTrue(refused.getMessage().contains("tmpfs") && refused.getMessage().contains("--allow-tmpfs"),
                refused.getMessage());
        StorageInfo allowed = DataDirectory.check(dir, true, table);
        assertTrue(allowed.memoryBacked());
        assertEquals("tmpfs", allowed.fsType());
        assertTrue(allowed.describe().contains("RAM-BACKED"), allowed.describe());
    }

    @Test
    void ramfsIsRefusedToo() throws Exception {
        Path dir = TestDirs.fresh("ramfs-refusal");
        MountTable table = MountTable.parse(ROOT_EXT4 + "41 24 0:41 / " + dir.toRealPath() + " rw - ramfs ramfs rw\n");
        assertThrows(RefusedDirectoryException.class, () -> DataDirectory.check(dir, false, table));
    }

    @Test
    void theBuildDirectoryIsAcceptedAndDescribed() throws Exception {
        Path dir = TestDirs.fresh("real-disk").resolve("not/yet/there");
        StorageInfo info = DataDirectory.check(dir, false, MountTable.system());
        assertTrue(Files.isDirectory(dir), "the directory is created");
        assertFalse(info.memoryBacked(), info.describe());
        assertEquals(dir.toRealPath(), info.directory());
        assertTrue(info.describe().contains(info.fsType()), info.describe());
    }

    @Test
    void devShmIsRefusedThroughTheRealMountTable() {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no writable /dev/shm here");
        Path dir = shm.resolve("crashbench-bench-test-" + ProcessHandle.current().pid());
        try {
            assertThrows(RefusedDirectoryException.class, () -> DataDirectory.check(dir, false, MountTable.system()));
        } finally {
            dir.toFile().delete();
        }
    }

    @Test
    void aCpuPathDirectoryOnARealDiskIsRefusedUnlessForced() throws Exception {
        Path dir = TestDirs.fresh("cpu-path-refusal");
        MountTable table = MountTable.parse(ROOT_EXT4);
        RefusedDirectoryException refused = assertThrows(RefusedDirectoryException.class,
                () -> DataDirectory.checkCpuPath(dir, false, table));
        assertTrue(refused.getMessage().contains("not a RAM-backed") && refused.getMessage().contains("--force-cpu-path"),
                refused.getMessage());
        assertFalse(DataDirectory.checkCpuPath(dir, true, table).memoryBacked(), "forced: measured, and said to be on disk");
    }

    @Test
    void aCpuPathDirectoryOnTmpfsIsAccepted() throws Exception {
        Path dir = TestDirs.fresh("cpu-path-tmpfs");
        MountTable table = MountTable.parse(ROOT_EXT4 + "42 24 0:42 / " + dir.toRealPath() + " rw - tmpfs tmpfs rw\n");
        StorageInfo info = DataDirectory.checkCpuPath(dir, false, table);
        assertTrue(info.memoryBacked());
        assertEquals("tmpfs", info.fsType());
    }
}
