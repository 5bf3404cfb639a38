package dev.crashbench.faultvfs;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;

import static dev.crashbench.faultvfs.SimDiskTesting.KEEP_ALL;
import static dev.crashbench.faultvfs.SimDiskTesting.LOSE_ALL;
import static dev.crashbench.faultvfs.SimDiskTesting.assertBytes;
import static dev.crashbench.faultvfs.SimDiskTesting.concat;
import static dev.crashbench.faultvfs.SimDiskTesting.crash;
import static dev.crashbench.faultvfs.SimDiskTesting.createDurable;
import static dev.crashbench.faultvfs.SimDiskTesting.durable;
import static dev.crashbench.faultvfs.SimDiskTesting.filled;
import static dev.crashbench.faultvfs.SimDiskTesting.live;
import static dev.crashbench.faultvfs.SimDiskTesting.newDisk;
import static dev.crashbench.faultvfs.SimDiskTesting.read;
import static dev.crashbench.faultvfs.SimDiskTesting.readAll;
import static dev.crashbench.faultvfs.SimDiskTesting.write;
import static dev.crashbench.faultvfs.SimDiskTesting.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each kind of sync makes durable, and what lying and failing syncs do instead. */
class SyncFaultTest {
    private static final byte[] OLD = filled(1024, 'o');
    private static final byte[] NEW = filled(1024, 'n');

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void anHonestSyncMakesEveryEarlierWriteDurable(SyncMode mode) throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", OLD);
        write(f, 0, NEW);
        f.sync(mode);
        assertBytes(NEW, durable(disk, "f"));
        assertTrue(disk.pendingOps().isEmpty());
        assertBytes(NEW, readAll(crash(disk, LOSE_ALL), "f"));
    }

    @Test
    void aLyingSyncReturnsOkAndPersistsNothing() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", OLD);
        write(f, 0, NEW);
        plan.armNext(disk, new Fault.LyingSync());
        f.sync(SyncMode.FULL);
        assertBytes(OLD, durable(disk, "f"));
        assertEquals(1, disk.pendingOps().size());
        assertBytes(OLD, readAll(crash(disk, LOSE_ALL), "f"));

        f.sync(SyncMode.FULL); // an honest one
        assertBytes(NEW, readAll(crash(disk, LOSE_ALL), "f"));
    }

    @Test
    void withEverySyncLyingNothingEverBecomesDurable() throws IOException {
        SimDisk disk = newDisk(FaultPlans.lyingSyncs());
        VfsFile f = disk.open("f", OpenOption.CREATE);
        write(f, 0, NEW);
        f.sync(SyncMode.FULL);
        disk.syncDirectory("");
        assertTrue(disk.inspectDurable("f").isEmpty());
        assertFalse(crash(disk, LOSE_ALL).exists("f"));
        assertBytes(NEW, readAll(crash(disk, KEEP_ALL), "f"));
    }

    @Test
    void aSyncErrorDropsThePendingPagesOnceAndTheNextSyncSucceeds() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", OLD);
        write(f, 0, NEW);

        plan.armNext(disk, new Fault.SyncError());
        ErrnoException e = assertThrows(ErrnoException.class, () -> f.sync(SyncMode.DATA));
        assertEquals(Errno.EIO, e.errno());

        // The page cache still serves the new bytes, but they are marked clean: never written.
        assertBytes(NEW, read(f, 0, 1024));
        assertTrue(disk.pendingOps().isEmpty());
        f.sync(SyncMode.DATA); // succeeds: fsyncgate
        assertBytes(OLD, durable(disk, "f"));
        assertBytes(OLD, readAll(crash(disk, KEEP_ALL), "f"));
        assertFalse(disk.liveEqualsDurable());
    }

    @Test
    void aSyncErrorDropsOnlyThatFilesPendingData() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", OLD);
        VfsFile g = createDurable(disk, "g", OLD);
        write(f, 0, NEW);
        write(g, 0, NEW);
        plan.armNext(disk, new Fault.SyncError());
        assertThrows(ErrnoException.class, () -> f.sync(SyncMode.DATA));
        assertEquals(1, disk.pendingOps().size());
        g.sync(SyncMode.DATA);
        SimDisk image = crash(disk, LOSE_ALL);
        assertBytes(OLD, readAll(image, "f"));
        assertBytes(NEW, readAll(image, "g"));
    }

    @Test
    void anODsyncWriteIsDurableWhenItReturns() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        createDurable(disk, "f", OLD).close();
        VfsFile plain = disk.open("f");
        VfsFile dsync = disk.open("f", OpenOption.DSYNC);
        write(plain, 512, filled(512, 'p'));
        write(dsync, 0, filled(512, 'd'));
        assertBytes(concat(filled(512, 'd'), filled(512, 'o')), durable(disk, "f"));
        assertBytes(concat(filled(512, 'd'), filled(512, 'o')), readAll(crash(disk, LOSE_ALL), "f"));
        assertEquals(1, disk.pendingOps().size(), "the plain write is still pending");
    }

    @Test
    void anODsyncWriteIsNotUndoneByAnOlderPendingWriteToTheSameBytes() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        createDurable(disk, "f", OLD).close();
        VfsFile plain = disk.open("f");
        VfsFile dsync = disk.open("f", OpenOption.DSYNC);
        write(plain, 0, filled(512, 'p'));
        write(dsync, 0, filled(512, 'd'));
        // The page holds 'd' now; no write-back can ever put the older 'p' on top of it.
        byte[] expected = concat(filled(512, 'd'), filled(512, 'o'));
        assertBytes(expected, live(disk, "f"));
        assertBytes(expected, readAll(crash(disk, KEEP_ALL), "f"));
        assertBytes(expected, readAll(crash(disk, LOSE_ALL), "f"));
    }

    @Test
    void anODsyncWriteWithALyingSyncStaysPending() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        createDurable(disk, "f", OLD).close();
        VfsFile dsync = disk.open("f", OpenOption.DSYNC);
        plan.armNext(disk, new Fault.LyingSync());
        write(dsync, 0, NEW);
        assertBytes(OLD, readAll(crash(disk, LOSE_ALL), "f"));
        assertBytes(NEW, readAll(crash(disk, KEEP_ALL), "f"));
    }

    @Test
    void anODsyncWriteWithASyncErrorFailsAndIsNeverDurable() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        createDurable(disk, "f", OLD).close();
        VfsFile dsync = disk.open("f", OpenOption.DSYNC);
        plan.armNext(disk, new Fault.SyncError());
        ErrnoException e = assertThrows(ErrnoException.class, () -> dsync.write(0, ByteBuffer.wrap(NEW)));
        assertEquals(Errno.EIO, e.errno());
        assertBytes(NEW, read(dsync, 0, 1024));
        assertBytes(OLD, readAll(crash(disk, KEEP_ALL), "f"));
    }

    @Test
    void theRandomPlanFailsODsyncWritesLikeSyncsAndNeverPlainWrites() throws IOException {
        FaultRates onlySyncErrors = new FaultRates(0, 0, 0, 0, 1, 0, 0, 0, 0);
        SimDisk disk = newDisk(new RandomFaultPlan(7, onlySyncErrors, 512));
        VfsFile plain = disk.open("plain", OpenOption.CREATE);
        write(plain, 0, NEW); // a plain write never syncs, so it takes no sync fault
        VfsFile dsync = disk.open("d", OpenOption.CREATE, OpenOption.DSYNC);
        ErrnoException e = assertThrows(ErrnoException.class, () -> dsync.write(0, ByteBuffer.wrap(NEW)),
                "an O_DSYNC write is its own sync: a campaign's sync errors must reach it");
        assertEquals(Errno.EIO, e.errno());

        FaultRates onlyLyingSyncs = new FaultRates(0, 0, 0, 1, 0, 0, 0, 0, 0);
        SimDisk lying = newDisk(new RandomFaultPlan(7, onlyLyingSyncs, 512));
        VfsFile d = lying.open("d", OpenOption.CREATE, OpenOption.DSYNC);
        write(d, 0, NEW);
        assertEquals(Fault.LyingSync.class, lying.trace().get(lying.trace().size() - 1).fault().getClass());
    }

    /** "f" durably holds three zero pages, mapped whole; returns the region. */
    private static MappedRegion mappedThreePages(SimDisk disk) throws IOException {
        VfsFile f = createDurable(disk, "f", zeros(3 * 4096));
        return f.map(0, 3 * 4096);
    }

    @Test
    void msyncMakesOnlyItsPageRoundedRangeDurable() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        MappedRegion region = mappedThreePages(disk);
        region.write(100, ByteBuffer.wrap(filled(10, 'a')));
        region.write(4096 + 100, ByteBuffer.wrap(filled(10, 'b')));
        region.write(8192 + 100, ByteBuffer.wrap(filled(10, 'c')));

        region.sync(4096 + 50, 10); // rounds out to page 1
        byte[] expected = zeros(3 * 4096);
        System.arraycopy(filled(10, 'b'), 0, expected, 4096 + 100, 10);
        assertBytes(expected, durable(disk, "f"));
        assertBytes(expected, readAll(crash(disk, LOSE_ALL), "f"));
        assertEquals(2, disk.pendingOps().size());
    }

    @Test
    void msyncClipsAWriteThatStraddlesTheRange() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        MappedRegion region = mappedThreePages(disk);
        region.write(4000, ByteBuffer.wrap(filled(200, 's'))); // [4000, 4200) straddles pages 0 and 1
        region.sync(4096, 1);
        byte[] expected = zeros(3 * 4096);
        System.arraycopy(filled(104, 's'), 0, expected, 4096, 104);
        assertBytes(expected, readAll(crash(disk, LOSE_ALL), "f"));
        PendingOp.Write rest = (PendingOp.Write) disk.pendingOps().get(0);
        assertEquals(4000, rest.offset());
        assertEquals(96, rest.data().length);
        byte[] all = zeros(3 * 4096);
        System.arraycopy(filled(200, 's'), 0, all, 4000, 200);
        assertBytes(all, readAll(crash(disk, KEEP_ALL), "f"));
    }

    @Test
    void aFailedMsyncDropsThePagesInItsRangeOnly() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        MappedRegion region = mappedThreePages(disk);
        region.write(100, ByteBuffer.wrap(filled(10, 'a')));
        region.write(4096 + 100, ByteBuffer.wrap(filled(10, 'b')));
        plan.armNext(disk, new Fault.SyncError());
        ErrnoException e = assertThrows(ErrnoException.class, () -> region.sync(4096, 4096));
        assertEquals(Errno.EIO, e.errno());
        byte[] expected = zeros(3 * 4096);
        System.arraycopy(filled(10, 'a'), 0, expected, 100, 10);
        assertBytes(expected, readAll(crash(disk, KEEP_ALL), "f"));
    }

    @Test
    void aLyingDirectorySyncLeavesTheNewNamePending() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = disk.open("f", OpenOption.CREATE);
        write(f, 0, NEW);
        f.sync(SyncMode.FULL);
        plan.armNext(disk, new Fault.LyingSync());
        disk.syncDirectory("");
        assertFalse(crash(disk, LOSE_ALL).exists("f"));
        disk.syncDirectory("");
        assertBytes(NEW, readAll(crash(disk, LOSE_ALL), "f"));
    }
}
