package dev.crashbench.faultvfs;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import static dev.crashbench.faultvfs.SimDiskTesting.assertBytes;
import static dev.crashbench.faultvfs.SimDiskTesting.createDurable;
import static dev.crashbench.faultvfs.SimDiskTesting.filled;
import static dev.crashbench.faultvfs.SimDiskTesting.live;
import static dev.crashbench.faultvfs.SimDiskTesting.newDisk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The program's side of the contract (bugs: unchecked exceptions, no step taken) and the
 * file-system errors a correct program must handle (checked {@link ErrnoException}s).
 */
class ContractTest {

    private static void assertErrno(Errno expected, Executable call) {
        ErrnoException e = assertThrows(ErrnoException.class, call);
        assertEquals(expected, e.errno(), e::getMessage);
    }

    @Test
    void everyCallOnAClosedHandleIsABug() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", filled(100, 'x'));
        f.close();
        int steps = disk.step();
        List<Executable> calls = List.of(
                () -> f.read(0, ByteBuffer.allocate(1)),
                () -> f.write(0, ByteBuffer.allocate(1)),
                () -> f.sync(SyncMode.DATA),
                () -> f.truncate(0),
                () -> f.size(),
                () -> f.allocate(10),
                () -> f.map(0, 10));
        for (Executable call : calls) {
            assertThrows(IllegalStateException.class, call);
        }
        f.close();
        assertEquals(steps, disk.step(), "misuse is not a step");
    }

    @Test
    void everyCallOnAnUnmappedRegionIsABug() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", filled(4096, 'x'));
        MappedRegion region = f.map(0, 4096);
        region.close();
        assertThrows(IllegalStateException.class, () -> region.read(0, ByteBuffer.allocate(1)));
        assertThrows(IllegalStateException.class, () -> region.write(0, ByteBuffer.allocate(1)));
        assertThrows(IllegalStateException.class, () -> region.sync(0, 1));
    }

    @Test
    void aMappedAccessOutsideTheRegionIsABug() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", filled(8192, 'x'));
        MappedRegion region = f.map(4096, 4096);
        assertThrows(IllegalArgumentException.class, () -> region.write(4000, ByteBuffer.allocate(100)));
        assertThrows(IllegalArgumentException.class, () -> region.read(-1, ByteBuffer.allocate(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs", "trailing/", "a//b", "..", "a/./b", "a/../b"})
    void aBadPathIsABugInEveryPathCall(String bad) {
        SimDisk disk = newDisk(FaultPlan.NONE);
        List<Executable> calls = List.of(
                () -> disk.open(bad, OpenOption.CREATE),
                () -> disk.exists(bad),
                () -> disk.delete(bad),
                () -> disk.rename(bad, "ok"),
                () -> disk.rename("ok", bad),
                () -> disk.createDirectory(bad),
                () -> disk.syncDirectory(bad),
                () -> disk.list(bad));
        for (Executable call : calls) {
            assertThrows(IllegalArgumentException.class, call);
        }
        assertThrows(IllegalArgumentException.class, () -> disk.inspectDurable(bad));
        assertEquals(0, disk.step(), "a rejected path is not a step");
    }

    @Test
    void aNegativeOffsetOrSizeIsABug() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", filled(100, 'x'));
        assertThrows(IllegalArgumentException.class, () -> f.read(-1, ByteBuffer.allocate(1)));
        assertThrows(IllegalArgumentException.class, () -> f.write(-1, ByteBuffer.allocate(1)));
        assertThrows(IllegalArgumentException.class, () -> f.truncate(-1));
        assertThrows(IllegalArgumentException.class, () -> f.allocate(-1));
    }

    /** Arms {@code fault} for {@code call} on a durable file of a fresh disk, and expects the plan to be called a bug. */
    private static void assertPlanBug(Fault fault, IoCallOnFile call) throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", filled(4096, 'x'));
        plan.armNext(disk, fault);
        assertThrows(IllegalStateException.class, () -> call.run(disk, f), fault.describe());
    }

    private interface IoCallOnFile {
        void run(SimDisk disk, VfsFile file) throws IOException;
    }

    @Test
    void aPlanThatPicksAFaultThatCannotStrikeTheCallIsABug() throws IOException {
        assertPlanBug(new Fault.ShortWrite(1), (d, f) -> f.sync(SyncMode.DATA));
        assertPlanBug(new Fault.LyingSync(), (d, f) -> f.read(0, ByteBuffer.allocate(1)));
        assertPlanBug(new Fault.SyncError(), (d, f) -> d.syncDirectory(""));
        assertPlanBug(new Fault.NoSpace(), (d, f) -> f.truncate(10_000));
        assertPlanBug(new Fault.MisdirectedWrite(512), (d, f) -> f.read(0, ByteBuffer.allocate(1)));
        assertPlanBug(new Fault.BitRot(0, 1), (d, f) -> d.exists("f"));
        assertPlanBug(new Fault.IoError(), (d, f) -> f.close());
    }

    @Test
    void anIoErrorPlannedForASyncIsABugNotASilentSuccess() throws IOException {
        // EIO from a sync is Fault.SyncError; an IoError there used to be ignored and the sync succeeded.
        assertPlanBug(new Fault.IoError(), (d, f) -> f.sync(SyncMode.DATA));
    }

    @Test
    void aPlanThatPicksAFaultWithImpossibleParametersIsABug() throws IOException {
        assertPlanBug(new Fault.ShortWrite(10), (d, f) -> f.write(0, ByteBuffer.allocate(10)));
        assertPlanBug(new Fault.LyingSync(), (d, f) -> f.write(0, ByteBuffer.allocate(10)));
        assertPlanBug(new Fault.SyncError(), (d, f) -> f.write(0, ByteBuffer.allocate(10)));
        assertPlanBug(new Fault.EarlyWriteBack(List.of(0)), (d, f) -> f.size());
        assertPlanBug(new Fault.MisdirectedWrite(-512), (d, f) -> f.write(0, ByteBuffer.allocate(10)));
    }

    @Test
    void aRejectedPlanDecisionTakesNoStepAndLeavesTheDiskUsable() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", filled(100, 'x'));
        int before = disk.step();
        plan.armNext(disk, new Fault.ShortWrite(10));
        assertThrows(IllegalStateException.class, () -> f.write(0, ByteBuffer.allocate(10)));
        assertEquals(before, disk.step());
        assertEquals(before, disk.trace().size());
        plan.clear();
        assertEquals(100, f.size());
        assertEquals(before + 1, disk.trace().size());
    }

    @Test
    void aSyncFaultOnAnODsyncWriteIsAllowed() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        createDurable(disk, "f", filled(10, 'x')).close();
        VfsFile f = disk.open("f", OpenOption.DSYNC);
        plan.armNext(disk, new Fault.LyingSync());
        assertEquals(10, f.write(0, ByteBuffer.wrap(filled(10, 'y'))));
    }

    @Test
    void aReadOnlyHandleRefusesChanges() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        createDurable(disk, "f", filled(100, 'x')).close();
        VfsFile f = disk.open("f", OpenOption.READ_ONLY);
        assertErrno(Errno.EBADF, () -> f.write(0, ByteBuffer.wrap(filled(10, 'y'))));
        assertErrno(Errno.EBADF, () -> f.truncate(0));
        assertErrno(Errno.EBADF, () -> f.allocate(1000));
        assertErrno(Errno.EACCES, () -> f.map(0, 10));
        assertBytes(filled(100, 'x'), live(disk, "f"));
        assertTrue(disk.pendingOps().isEmpty());
    }

    @Test
    void openingAMissingFileIsEnoent() {
        SimDisk disk = newDisk(FaultPlan.NONE);
        assertErrno(Errno.ENOENT, () -> disk.open("missing"));
        assertErrno(Errno.ENOENT, () -> disk.open("no/parent", OpenOption.CREATE));
        assertEquals(Outcome.error(Errno.ENOENT), disk.trace().get(0).outcome());
    }

    @Test
    void createNewOnAnExistingFileIsEexist() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        disk.open("f", OpenOption.CREATE).close();
        assertErrno(Errno.EEXIST, () -> disk.open("f", OpenOption.CREATE_NEW));
        disk.createDirectory("d");
        assertErrno(Errno.EEXIST, () -> disk.createDirectory("d"));
        assertErrno(Errno.EISDIR, () -> disk.open("d", OpenOption.CREATE));
    }

    @Test
    void deletingANonEmptyDirectoryIsEnotempty() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        disk.createDirectory("d");
        disk.open("d/f", OpenOption.CREATE).close();
        assertErrno(Errno.ENOTEMPTY, () -> disk.delete("d"));
        assertTrue(disk.exists("d/f"));
        assertErrno(Errno.ENOENT, () -> disk.delete("missing"));
        assertErrno(Errno.EBUSY, () -> disk.delete(""));
        disk.delete("d/f");
        disk.delete("d");
        assertEquals(List.of(), disk.list(""));
    }

    @Test
    void directoryCallsOnFilesAndMissingNamesFail() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        disk.open("f", OpenOption.CREATE).close();
        assertErrno(Errno.ENOTDIR, () -> disk.syncDirectory("f"));
        assertErrno(Errno.ENOTDIR, () -> disk.list("f"));
        assertErrno(Errno.ENOENT, () -> disk.syncDirectory("nope"));
        assertErrno(Errno.ENOENT, () -> disk.rename("nope", "x"));
        assertErrno(Errno.ENOENT, () -> disk.createDirectory("nope/x"));
    }
}
