package dev.crashbench.vfs.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FileSystemTypeTest {

    @Test
    void testDirectoriesLiveUnderTargetAndNotOnAMemoryFileSystem() {
        Path dir = TestDirs.fresh("fs-type");
        assertTrue(dir.startsWith(TestDirs.runDirectory()));
        assertEquals("target", TestDirs.runDirectory().getParent().getParent().getFileName().toString());
        String type = FileSystemType.of(dir);
        assertNotEquals("unknown", type);
        assertFalse(FileSystemType.isMemoryBacked(dir), dir + " is on " + type);
    }

    @Test
    void devShmIsRecognisedAsMemoryBacked() {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm), "no /dev/shm here");
        assertEquals("tmpfs", FileSystemType.of(shm));
        assertTrue(FileSystemType.isMemoryBacked(shm));
    }

    @Test
    void aMissingPathReportsItsNearestExistingAncestor() {
        Path dir = TestDirs.fresh("fs-missing");
        assertEquals(FileSystemType.of(dir), FileSystemType.of(dir.resolve("not/yet/there")));
    }

    @Test
    void onlyTmpfsAndRamfsAreMemoryBacked() {
        assertTrue(FileSystemType.isMemoryBacked("tmpfs"));
        assertTrue(FileSystemType.isMemoryBacked("ramfs"));
        assertFalse(FileSystemType.isMemoryBacked("ext4"));
        assertFalse(FileSystemType.isMemoryBacked("xfs"));
        assertFalse(FileSystemType.isMemoryBacked("unknown"));
    }
}
