package dev.crashbench.faultvfs;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;

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
import static dev.crashbench.faultvfs.SimDiskTesting.slice;
import static dev.crashbench.faultvfs.SimDiskTesting.write;
import static dev.crashbench.faultvfs.SimDiskTesting.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors on single calls: EIO, short writes, ENOSPC, bit rot and misdirected writes. */
class IoFaultTest {
    private static final byte[] OLD = filled(1024, 'o');

    private static ErrnoException assertErrno(Errno expected, org.junit.jupiter.api.function.Executable call) {
        ErrnoException e = assertThrows(ErrnoException.class, call);
        assertEquals(expected, e.errno(), e::getMessage);
        return e;
    }

    /** 256 distinct bytes: a flipped bit at any offset shows. */
    private static byte[] ramp() {
        byte[] out = new byte[256];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) i;
        }
        return out;
    }

    @Test
    void aWriteErrorChangesNothing() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", OLD);
        ByteBuffer src = ByteBuffer.wrap(filled(2048, 'n'));
        plan.armNext(disk, new Fault.IoError());
        assertErrno(Errno.EIO, () -> f.write(0, src));
        assertEquals(0, src.position());
        assertBytes(OLD, live(disk, "f"));
        assertTrue(disk.pendingOps().isEmpty());
        assertBytes(OLD, readAll(crash(disk, KEEP_ALL), "f"));
        TraceEntry entry = disk.trace().get(disk.step() - 1);
        assertEquals(Outcome.error(Errno.EIO), entry.outcome());
    }

    @Test
    void aReadErrorFillsNothing() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", OLD);
        ByteBuffer dst = ByteBuffer.allocate(100);
        plan.armNext(disk, new Fault.IoError());
        assertErrno(Errno.EIO, () -> f.read(0, dst));
        assertEquals(0, dst.position());
        assertBytes(filled(100, 'o'), read(f, 0, 100)); // the next read works
    }

    @Test
    void aShortWriteStoresExactlyThePrefix() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", new byte[0]);
        byte[] data = concat(filled(100, 'x'), filled(412, 'y'));
        ByteBuffer src = ByteBuffer.wrap(data);
        plan.armNext(disk, new Fault.ShortWrite(100));
        assertEquals(100, f.write(0, src));
        assertEquals(100, src.position());
        assertEquals(100, f.size());
        assertBytes(filled(100, 'x'), readAll(crash(disk, KEEP_ALL), "f"));
    }

    @Test
    void writeFullyCompletesAfterAShortWrite() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", new byte[0]);
        byte[] data = concat(filled(100, 'x'), filled(412, 'y'));
        int first = disk.step();
        plan.armNext(disk, new Fault.ShortWrite(100));
        write(f, 0, data);
        assertEquals(first + 2, disk.step(), "one short write, then one for the rest");
        TraceEntry rest = disk.trace().get(first + 1);
        assertEquals(100, rest.offset());
        assertEquals(412, rest.length());
        assertBytes(data, readAll(crash(disk, KEEP_ALL), "f"));
    }

    @Test
    void writeFullyFailsOnAWriteThatMakesNoProgress() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", new byte[0]);
        plan.armNext(disk, new Fault.ShortWrite(0));
        assertErrno(Errno.EIO, () -> write(f, 0, filled(10, 'x')));
        assertEquals(0, f.size());
    }

    @Test
    void aFullDiskFailsAppendsAndAllocationsButNotOverwritesUntilSpaceComesBack() throws IOException {
        SimDisk disk = newDisk(FaultPlans.diskFullBetween(2, 5));
        VfsFile f = disk.open("f", OpenOption.CREATE);                                  // step 0
        assertEquals(100, f.write(0, ByteBuffer.wrap(filled(100, 'a'))));             // step 1
        assertErrno(Errno.ENOSPC, () -> f.write(100, ByteBuffer.wrap(filled(100, 'b')))); // step 2
        assertErrno(Errno.ENOSPC, () -> f.allocate(4096));                            // step 3
        assertEquals(100, f.write(0, ByteBuffer.wrap(filled(100, 'c'))));             // step 4: inside the file
        assertEquals(100, f.write(100, ByteBuffer.wrap(filled(100, 'd'))));           // step 5: space is back
        assertEquals(6, disk.step());
        byte[] expected = concat(filled(100, 'c'), filled(100, 'd'));
        assertBytes(expected, live(disk, "f"));
        assertBytes(expected, readAll(crash(disk, KEEP_ALL), "f"));
    }

    @Test
    void aCapacityLimitFailsWritesUntilATruncateOrADeleteAndCloseFreesSpace() throws IOException {
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(SimDiskTesting.SEED).withCapacity(8192), FaultPlan.NONE);
        VfsFile a = disk.open("a", OpenOption.CREATE);
        VfsFile b = disk.open("b", OpenOption.CREATE);
        write(a, 0, filled(8192, 'a'));
        assertErrno(Errno.ENOSPC, () -> b.write(0, ByteBuffer.wrap(filled(1, 'b'))));
        assertErrno(Errno.ENOSPC, () -> b.allocate(1));

        a.truncate(4096);
        write(b, 0, filled(4096, 'b'));
        assertErrno(Errno.ENOSPC, () -> b.write(4096, ByteBuffer.wrap(filled(1, 'b'))));

        disk.delete("a");
        assertErrno(Errno.ENOSPC, () -> b.write(4096, ByteBuffer.wrap(filled(1, 'b'))));
        a.close(); // the last handle: now the space is free
        write(b, 4096, filled(4096, 'c'));
        assertBytes(concat(filled(4096, 'b'), filled(4096, 'c')), live(disk, "b"));
    }

    @Test
    void bitRotFlipsExactlyTheMaskedBitsOfTheDurableByte() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        byte[] good = ramp();
        VfsFile f = createDurable(disk, "f", good);
        plan.armNext(disk, new Fault.BitRot(5, 0x81));
        assertBytes(good, read(f, 0, 256)); // the page cache keeps the good copy

        byte[] rotten = good.clone();
        rotten[5] = (byte) (5 ^ 0x81);
        assertBytes(rotten, durable(disk, "f"));
        assertBytes(good, live(disk, "f"));
        assertBytes(rotten, readAll(crash(disk, KEEP_ALL), "f"));
    }

    @Test
    void bitRotPastTheDurableEndChangesNothing() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", slice(ramp(), 0, 100));
        write(f, 100, slice(ramp(), 100, 200)); // pending: the durable file is still 100 bytes
        plan.armNext(disk, new Fault.BitRot(150, 0xFF));
        f.size();
        assertBytes(slice(ramp(), 0, 100), durable(disk, "f"));
        assertBytes(slice(ramp(), 0, 200), readAll(crash(disk, KEEP_ALL), "f"));
    }

    @Test
    void aMisdirectedWriteLandsElsewhereOnDiskButReadsBackWhereAsked() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", zeros(8192));
        plan.armNext(disk, new Fault.MisdirectedWrite(4096));
        write(f, 0, filled(512, 'm'));

        assertBytes(concat(filled(512, 'm'), zeros(8192 - 512)), live(disk, "f"));
        byte[] onDisk = concat(zeros(4096), filled(512, 'm'), zeros(4096 - 512));
        assertBytes(onDisk, readAll(crash(disk, KEEP_ALL), "f"));
        assertBytes(zeros(8192), readAll(crash(disk, LOSE_ALL), "f"));
        f.sync(SyncMode.DATA);
        assertBytes(onDisk, durable(disk, "f"));
    }
}
