package dev.crashbench.faultvfs;

import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import static dev.crashbench.faultvfs.SectorFate.GARBAGE;
import static dev.crashbench.faultvfs.SectorFate.NEW;
import static dev.crashbench.faultvfs.SectorFate.OLD;
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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A power cut stops the program at a step; a crash image is a new, independent disk. */
class PowerCutTest {
    private static final byte[] OLD_BYTES = filled(1024, 'o');
    private static final byte[] NEW_BYTES = filled(1024, 'n');
    /** {@link SimDiskTesting#createDurable} takes steps 0 to 3; the test's own calls start here. */
    private static final int FIRST_FREE_STEP = 4;

    @Test
    void aCutBeforeStepKStopsTheRunThereAndEveryLaterCallThrows() throws IOException {
        int cut = FIRST_FREE_STEP + 1;
        SimDisk disk = newDisk(FaultPlans.powerCutAt(cut, false));
        VfsFile f = createDurable(disk, "f", OLD_BYTES);
        write(f, 0, NEW_BYTES);                                       // step cut - 1
        PowerCutException e = assertThrows(PowerCutException.class, () -> f.sync(SyncMode.DATA)); // step cut
        assertEquals(cut, e.step());
        assertTrue(disk.isPowerCut());
        assertEquals(cut + 1, disk.trace().size());
        assertEquals(Outcome.CUT, disk.trace().get(cut).outcome());

        assertEquals(cut, assertThrows(PowerCutException.class, () -> disk.exists("f")).step());
        assertEquals(cut, assertThrows(PowerCutException.class, () -> read(f, 0, 1)).step());
        assertEquals(cut, assertThrows(PowerCutException.class, f::close).step());
        assertEquals(cut + 1, disk.trace().size(), "calls after the cut are not steps");

        CrashImage image = disk.crashImage(LOSE_ALL);
        assertEquals(cut, image.cutStep());
        assertArrayEquals(OLD_BYTES, readAll(image.disk(), "f"), "the sync never ran");
    }

    @Test
    void cutPowerStopsBeforeTheNextStep() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        createDurable(disk, "f", OLD_BYTES).close();
        int next = disk.step();
        disk.cutPower();
        assertEquals(next, assertThrows(PowerCutException.class, () -> disk.exists("f")).step());
        assertEquals(next, disk.crashImage(LOSE_ALL).cutStep());
        assertEquals(next, disk.trace().size());
    }

    @Test
    void aCutDuringAWriteLeavesItPendingSoItCanTear() throws IOException {
        SimDisk disk = newDisk(FaultPlans.powerCutAt(FIRST_FREE_STEP, true));
        VfsFile f = createDurable(disk, "f", OLD_BYTES);
        assertThrows(PowerCutException.class, () -> f.write(0, ByteBuffer.wrap(NEW_BYTES)));
        assertEquals(1, disk.pendingOps().size());
        assertEquals(FIRST_FREE_STEP, disk.pendingOps().get(0).step());

        assertBytes(OLD_BYTES, readAll(crash(disk, LOSE_ALL), "f"));
        assertBytes(NEW_BYTES, readAll(crash(disk, KEEP_ALL), "f"));
        assertBytes(concat(filled(512, 'n'), filled(512, 'o')),
                readAll(crash(disk, new Survival.TearOne(0, List.of(NEW, OLD))), "f"));
    }

    @Test
    void aCutBeforeAWriteLeavesNothingPending() throws IOException {
        SimDisk disk = newDisk(FaultPlans.powerCutAt(FIRST_FREE_STEP, false));
        VfsFile f = createDurable(disk, "f", OLD_BYTES);
        assertThrows(PowerCutException.class, () -> f.write(0, ByteBuffer.wrap(NEW_BYTES)));
        assertTrue(disk.pendingOps().isEmpty());
        assertBytes(OLD_BYTES, readAll(crash(disk, KEEP_ALL), "f"));
    }

    @Test
    void aCutDuringASyncMakesNothingDurable() throws IOException {
        SimDisk disk = newDisk(FaultPlans.powerCutAt(FIRST_FREE_STEP + 1, true));
        VfsFile f = createDurable(disk, "f", OLD_BYTES);
        write(f, 0, NEW_BYTES);
        assertThrows(PowerCutException.class, () -> f.sync(SyncMode.FULL));
        assertBytes(OLD_BYTES, durable(disk, "f"));
        assertBytes(OLD_BYTES, readAll(crash(disk, LOSE_ALL), "f"));
    }

    @Test
    void writesToACrashImageNeverShowInTheParentAndBackAgain() throws IOException {
        SimDisk parent = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(parent, "f", OLD_BYTES);
        write(f, 0, NEW_BYTES);
        SimDisk image = crash(parent, KEEP_ALL);
        SimDisk sibling = crash(parent, KEEP_ALL);

        try (VfsFile g = image.open("f")) {
            write(g, 0, filled(100, 'i'));
            g.sync(SyncMode.DATA);
        }
        image.open("only-in-image", OpenOption.CREATE).close();
        image.syncDirectory("");
        assertBytes(NEW_BYTES, live(parent, "f"));
        assertBytes(OLD_BYTES, durable(parent, "f"));
        assertFalse(parent.exists("only-in-image"));

        write(f, 0, filled(200, 'p'));
        f.sync(SyncMode.DATA);
        assertBytes(concat(filled(100, 'i'), filled(924, 'n')), readAll(image, "f"));
        assertBytes(NEW_BYTES, readAll(sibling, "f"));
        assertFalse(sibling.exists("only-in-image"));
    }

    @Test
    void buildingACrashImageDoesNotChangeTheParent() throws IOException {
        SimDisk parent = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(parent, "f", OLD_BYTES);
        write(f, 0, NEW_BYTES);
        parent.open("g", OpenOption.CREATE).close();
        int step = parent.step();
        String trace = parent.trace().describe();
        List<PendingOp> pending = parent.pendingOps();

        crash(parent, KEEP_ALL);
        crash(parent, new Survival.TearOne(0, List.of(GARBAGE, GARBAGE)));
        crash(parent, new Survival.Random(3, 0.5, 0.5));

        assertEquals(step, parent.step());
        assertEquals(trace, parent.trace().describe());
        assertEquals(pending, parent.pendingOps());
        assertFalse(parent.isPowerCut());
        assertBytes(OLD_BYTES, durable(parent, "f"));
        assertBytes(NEW_BYTES, live(parent, "f"));
        assertTrue(parent.inspectDurable("g").isEmpty());
        assertBytes(OLD_BYTES, readAll(crash(parent, LOSE_ALL), "f"));
    }

    @Test
    void aCrashImageCanBeCutAgainDuringRecovery() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", OLD_BYTES);
        write(f, 0, NEW_BYTES);
        SimDisk recovering = disk.crashImage(KEEP_ALL, FaultPlans.powerCutAt(2, true)).disk();
        assertEquals(0, recovering.step());
        VfsFile r = recovering.open("f");         // step 0
        write(r, 0, filled(10, 'r'));             // step 1
        assertThrows(PowerCutException.class, () -> r.sync(SyncMode.DATA)); // step 2
        assertBytes(NEW_BYTES, readAll(crash(recovering, LOSE_ALL), "f"));
        assertBytes(concat(filled(10, 'r'), filled(1014, 'n')), readAll(crash(recovering, KEEP_ALL), "f"));
    }
}
