package dev.crashbench.faultvfs;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static dev.crashbench.faultvfs.SimDiskTesting.LOSE_ALL;
import static dev.crashbench.faultvfs.SimDiskTesting.assertBytes;
import static dev.crashbench.faultvfs.SimDiskTesting.concat;
import static dev.crashbench.faultvfs.SimDiskTesting.crash;
import static dev.crashbench.faultvfs.SimDiskTesting.createDurable;
import static dev.crashbench.faultvfs.SimDiskTesting.durable;
import static dev.crashbench.faultvfs.SimDiskTesting.filled;
import static dev.crashbench.faultvfs.SimDiskTesting.live;
import static dev.crashbench.faultvfs.SimDiskTesting.newDisk;
import static dev.crashbench.faultvfs.SimDiskTesting.readAll;
import static dev.crashbench.faultvfs.SimDiskTesting.write;
import static dev.crashbench.faultvfs.SimDiskTesting.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SimDisk never builds a state no real disk could be in: each test is a scenario where an
 * earlier version of the model did, and a correct program would have looked broken.
 */
class ModelRealismTest {

    @Test
    void msyncCannotBeUndoneByAnOlderPendingTruncate() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", filled(8192, 'A'));
        f.truncate(4096);
        f.truncate(8192);
        MappedRegion region = f.map(0, 8192);
        region.write(4096, ByteBuffer.wrap(filled(10, 'B')));
        region.sync(4096, 10);
        f.sync(SyncMode.FULL);
        assertTrue(disk.pendingOps().isEmpty());
        assertBytes(live(disk, "f"), durable(disk, "f"));
        assertEquals('B', durable(disk, "f")[4096]);
    }

    @Test
    void aSurvivingRenameMovesTheFileItRenamedNotAnOlderOneOfTheSameName() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        createDurable(disk, "tmp", filled(10, 'S')).close();
        disk.delete("tmp");
        createDurable(disk, "tmp", filled(4, 'n')).close(); // syncs the directory: delete and create durable
        disk.rename("tmp", "CURRENT");
        assertEquals(1, disk.pendingOps().size());
        assertBytes(filled(4, 'n'), readAll(crash(disk, new Survival.KeepSubset(Set.of(0))), "CURRENT"));

        // Unsynced delete and create: keeping only the rename keeps what it depends on.
        SimDisk unsynced = newDisk(FaultPlan.NONE);
        createDurable(unsynced, "tmp", filled(10, 'S')).close();
        unsynced.delete("tmp");
        VfsFile fresh = unsynced.open("tmp", OpenOption.CREATE);
        write(fresh, 0, filled(4, 'n'));
        fresh.sync(SyncMode.DATA);
        unsynced.rename("tmp", "CURRENT");
        List<PendingOp> pending = unsynced.pendingOps();
        int rename = pending.size() - 1;
        CrashImage image = unsynced.crashImage(new Survival.KeepSubset(Set.of(rename)));
        assertBytes(filled(4, 'n'), readAll(image.disk(), "CURRENT"));
        assertFalse(image.disk().exists("tmp"));
        assertTrue(image.fates().stream().allMatch(fate -> fate instanceof OpFate.Kept),
                "the delete and the create were kept with the rename: " + image.describeFates());
    }

    @Test
    void removingADirectoryPullsTheEarlierMoveOutOfItWithIt() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        disk.createDirectory("d");
        disk.syncDirectory("");
        createDurable(disk, "d/x", filled(10, 'x')).close();
        disk.rename("d/x", "a");
        disk.delete("d");
        assertEquals(2, disk.pendingOps().size());
        plan.armNext(disk, new Fault.EarlyWriteBack(List.of(1))); // the rmdir reaches the disk early
        disk.exists("a");
        assertTrue(disk.pendingOps().isEmpty(), "the rename went with the rmdir");
        assertBytes(filled(10, 'x'), readAll(crash(disk, LOSE_ALL), "a"));
    }

    @Test
    void anAtomicWriteUnitNeverTearsIntoGarbageOrZeros() throws IOException {
        DiskModel atomic = new DiskModel(512, 4096, false, false);
        for (long seed = 0; seed < 200; seed++) {
            SimDisk disk = newDisk(atomic, FaultPlan.NONE);
            VfsFile f = createDurable(disk, "f", filled(8192, 'o'));
            write(f, 4096, filled(4096, 'n'));
            byte[] after = durable(crash(disk, new Survival.Random(seed, 1.0, 1.0)), "f");
            byte[] unit = Arrays.copyOfRange(after, 4096, 8192);
            assertTrue(Arrays.equals(unit, filled(4096, 'o')) || Arrays.equals(unit, filled(4096, 'n')),
                    "seed " + seed + ": an atomic unit landed in part");
        }
        SimDisk disk = newDisk(atomic, FaultPlan.NONE);
        write(createDurable(disk, "f", filled(8192, 'o')), 0, filled(4096, 'n'));
        assertThrows(IllegalArgumentException.class,
                () -> disk.crashImage(new Survival.TearOne(0, List.of(SectorFate.GARBAGE))));
    }

    @Test
    void withSafeAppendALaterAppendCannotLandBeforeTheOneBeforeIt() throws IOException {
        DiskModel safe = new DiskModel(512, 0, true, false);
        SimDisk disk = newDisk(safe, FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", new byte[0]);
        write(f, 0, filled(512, 'a'));
        write(f, 512, filled(512, 'b'));
        CrashImage image = disk.crashImage(new Survival.KeepSubset(Set.of(1)));
        assertBytes(new byte[0], durable(image.disk(), "f"));
        assertTrue(image.fates().get(1) instanceof OpFate.Lost, image.describeFates());

        SimDisk unsafe = newDisk(DiskModel.WORST_CASE, FaultPlan.NONE);
        VfsFile g = createDurable(unsafe, "f", new byte[0]);
        write(g, 0, filled(512, 'a'));
        write(g, 512, filled(512, 'b'));
        assertBytes(concat(zeros(512), filled(512, 'b')),
                durable(crash(unsafe, new Survival.KeepSubset(Set.of(1))), "f"));
    }

    @Test
    void aMisdirectedWriteNeverGrowsTheFile() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", filled(512, 'o'));
        plan.armNext(disk, new Fault.MisdirectedWrite(1 << 20));
        write(f, 0, filled(512, 'n'));
        f.sync(SyncMode.DATA);
        assertBytes(filled(512, 'o'), durable(disk, "f"));
        assertBytes(filled(512, 'n'), live(disk, "f"));
    }

    @Test
    void aMisdirectedAppendStillGrowsTheFileItWasMeantTo() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", filled(1024, 'o'));
        plan.armNext(disk, new Fault.MisdirectedWrite(-1024));
        write(f, 1024, filled(512, 'n'));
        f.sync(SyncMode.DATA);
        // The size change was right; the data went over the first 512 bytes instead.
        assertBytes(concat(filled(512, 'n'), filled(512, 'o'), zeros(512)), durable(disk, "f"));
    }

    @Test
    void aWritePastTheLargestFileIsEfbigAndTheDiskGoesOn() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", filled(10, 'o'));
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> f.write(1L << 44, ByteBuffer.wrap(filled(1, 'Z'))));
        assertEquals(Errno.EFBIG, e.errno());
        assertEquals(Errno.EFBIG, assertThrows(ErrnoException.class, () -> f.truncate(1L << 41)).errno());
        assertBytes(filled(10, 'o'), live(disk, "f"));
        assertEquals(10, f.size());
        assertEquals(disk.step(), disk.trace().size());
    }

    @Test
    void aFailedFsyncDropsDataButNotASizeChange() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", filled(8192, 'o'));
        f.truncate(0);
        plan.armNext(disk, new Fault.SyncError());
        assertThrows(ErrnoException.class, () -> f.sync(SyncMode.DATA));
        write(f, 0, filled(10, 'n'));
        f.sync(SyncMode.DATA);
        assertBytes(filled(10, 'n'), durable(disk, "f"));
        assertTrue(disk.liveEqualsDurable());
    }

    @Test
    void aCrashImageTearsWithItsOwnGarbage() {
        SimDisk disk = new SimDisk(5);
        SimDisk image = disk.crashImage(LOSE_ALL).disk();
        assertNotEquals(disk.config().seed(), image.config().seed());
        assertEquals(image.config().seed(), disk.crashImage(LOSE_ALL).disk().config().seed(), "deterministic");
    }

    @Test
    void aPathThroughAFileIsEnotdir() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        createDurable(disk, "f", filled(1, 'x')).close();
        assertEquals(Errno.ENOTDIR, assertThrows(ErrnoException.class,
                () -> disk.open("f/x", OpenOption.CREATE)).errno());
        assertEquals(Errno.ENOTDIR, assertThrows(ErrnoException.class, () -> disk.createDirectory("f/d")).errno());
        assertEquals(Errno.ENOENT, assertThrows(ErrnoException.class,
                () -> disk.open("missing/x", OpenOption.CREATE)).errno());
        assertFalse(disk.exists("f/x"));
    }

    @Test
    void deletedAndClosedFilesAreForgotten() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        for (int i = 0; i < 20; i++) {
            VfsFile f = createDurable(disk, "f" + i, filled(4096, 'x'));
            disk.delete("f" + i);
            disk.syncDirectory("");
            f.close();
        }
        assertEquals(0, disk.filesHeld());
        VfsFile open = createDurable(disk, "kept-open", filled(10, 'k'));
        disk.delete("kept-open");
        disk.syncDirectory("");
        assertEquals(1, disk.filesHeld(), "an open file outlives its name");
        assertBytes(filled(10, 'k'), SimDiskTesting.read(open, 0, 10));
        open.close();
        assertEquals(0, disk.filesHeld());
    }

    @Test
    void unsyncedDataOfATemporaryFileGoesWhenNoNameCanReachIt() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        for (int i = 0; i < 100; i++) {
            VfsFile f = disk.open("tmp", OpenOption.CREATE);
            write(f, 0, filled(4096, 't'));
            f.close();
            disk.delete("tmp");
            assertEquals(3, disk.pendingOps().size(), "the create may still survive a cut, and its data with it");
            disk.syncDirectory("");
        }
        assertEquals(List.of(), disk.pendingOps());
        assertEquals(0, disk.filesHeld());
    }

    @Test
    void anMsyncAfterAGrowDoesNotMakeAnUnsyncedStoreElsewhereDurable() throws IOException {
        // The reverse of realism: a sync must not make more durable than Linux would, or SimDisk
        // would hide an engine that forgets to msync a page.
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", filled(8192, 'o'));
        f.map(0, 8192).write(0, ByteBuffer.wrap(filled(10, 'B'))); // never synced
        f.truncate(32768);
        MappedRegion tail = f.map(16384, 4096);
        tail.write(0, ByteBuffer.wrap(filled(10, 'C')));
        tail.sync(0, 10);
        byte[] onDisk = durable(disk, "f");
        assertEquals('o', onDisk[0], "page 0 was never synced");
        assertEquals('C', onDisk[16384]);
        assertEquals(32768, onDisk.length, "the growth under the synced store went with it");
    }

    @Test
    void aMappingKeepsAReplacedFileReadable() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "seg", filled(8192, 'a'));
        MappedRegion old = f.map(0, 8192);
        f.close();
        createDurable(disk, "tmp", filled(10, 'n')).close();
        disk.rename("tmp", "seg");
        disk.syncDirectory("");
        ByteBuffer dst = ByteBuffer.allocate(4);
        old.read(0, dst);
        assertBytes(filled(4, 'a'), dst.array());
        assertEquals(2, disk.filesHeld());
        old.close();
        assertEquals(1, disk.filesHeld(), "unmapping the last reference forgets the old file");
    }

    @Test
    void aFailedFsyncLosesTheDataButTheSizeItGrewToStays() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", new byte[0]);
        write(f, 0, filled(100, 'a'));
        plan.armNext(disk, new Fault.SyncError());
        assertThrows(ErrnoException.class, () -> f.sync(SyncMode.DATA));
        f.sync(SyncMode.DATA);
        assertBytes(zeros(100), durable(disk, "f"));
        assertBytes(filled(100, 'a'), live(disk, "f")); // the page cache still holds the lost data
        assertTrue(disk.pendingOps().isEmpty());
    }

    @Test
    void withSafeAppendAnEarlyWriteBackOfALaterAppendTakesTheOneBeforeIt() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(new DiskModel(512, 0, true, false), plan);
        VfsFile f = createDurable(disk, "f", new byte[0]);
        write(f, 0, filled(512, 'a'));
        write(f, 512, filled(512, 'b'));
        plan.armNext(disk, new Fault.EarlyWriteBack(List.of(1)));
        disk.exists("f");
        assertBytes(concat(filled(512, 'a'), filled(512, 'b')), durable(crash(disk, LOSE_ALL), "f"));
    }

    @Test
    void anMsyncedSliceOfAMisdirectedWriteKeepsItsSizeChange() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", filled(8192, 'o'));
        plan.armNext(disk, new Fault.MisdirectedWrite(-8192));
        write(f, 8192, filled(100, 'n')); // lands over [0, 100), grows the file to 8292
        f.map(0, 4096).sync(0, 10);
        f.sync(SyncMode.FULL);
        assertEquals(8292, durable(disk, "f").length);
    }

    @Test
    void anEarlyWriteBackOfNothingIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Fault.EarlyWriteBack(List.of()));
    }
}
