package dev.crashbench.faultvfs;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static dev.crashbench.faultvfs.SectorFate.GARBAGE;
import static dev.crashbench.faultvfs.SectorFate.NEW;
import static dev.crashbench.faultvfs.SectorFate.OLD;
import static dev.crashbench.faultvfs.SectorFate.ZERO;
import static dev.crashbench.faultvfs.SimDiskTesting.SEED;
import static dev.crashbench.faultvfs.SimDiskTesting.assertBytes;
import static dev.crashbench.faultvfs.SimDiskTesting.concat;
import static dev.crashbench.faultvfs.SimDiskTesting.crash;
import static dev.crashbench.faultvfs.SimDiskTesting.createDurable;
import static dev.crashbench.faultvfs.SimDiskTesting.filled;
import static dev.crashbench.faultvfs.SimDiskTesting.newDisk;
import static dev.crashbench.faultvfs.SimDiskTesting.readAll;
import static dev.crashbench.faultvfs.SimDiskTesting.slice;
import static dev.crashbench.faultvfs.SimDiskTesting.write;
import static dev.crashbench.faultvfs.SimDiskTesting.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A write that a cut interrupts lands unit by unit: old, new or garbage, as the {@link DiskModel} allows. */
class TornWriteTest {

    /** A disk whose "f" durably holds {@code old}, with {@code data} written at {@code offset} and pending. */
    private static SimDisk oneTornCandidate(DiskModel model, byte[] old, long offset, byte[] data) throws IOException {
        SimDisk disk = newDisk(model, FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", old);
        write(f, offset, data);
        assertEquals(1, disk.pendingOps().size());
        return disk;
    }

    private static byte[] tear(SimDisk disk, SectorFate... units) throws IOException {
        return readAll(crash(disk, new Survival.TearOne(0, List.of(units))), "f");
    }

    /** The garbage the disk writes into unit {@code unit} of the only pending write. */
    private static byte[] garbage(SimDisk disk, int unit, int length) {
        return TornWrite.garbage(SEED, disk.pendingOps().get(0).step(), unit, length);
    }

    @Test
    void a512ByteSectorDiskTearsAt512Bytes() throws IOException {
        // 1024 new bytes at 512 overlap sectors 1 and 2 of a 2048-byte file.
        SimDisk disk = oneTornCandidate(DiskModel.WORST_CASE, filled(2048, 'o'), 512, filled(1024, 'n'));
        assertEquals(2, TornWrite.unitCount((PendingOp.Write) disk.pendingOps().get(0), DiskModel.WORST_CASE));
        assertBytes(concat(filled(512, 'o'), filled(512, 'n'), filled(1024, 'o')), tear(disk, NEW, OLD));
        assertBytes(concat(filled(1024, 'o'), filled(512, 'n'), filled(512, 'o')), tear(disk, OLD, NEW));
        assertBytes(filled(2048, 'o'), tear(disk, OLD, OLD));
        assertBytes(concat(filled(512, 'o'), filled(1024, 'n'), filled(512, 'o')), tear(disk, NEW, NEW));
    }

    @Test
    void aGarbageUnitHoldsNeitherOldNorNewBytes() throws IOException {
        SimDisk disk = oneTornCandidate(DiskModel.WORST_CASE, filled(2048, 'o'), 512, filled(1024, 'n'));
        byte[] junk = garbage(disk, 0, 512);
        assertBytes(concat(filled(512, 'o'), junk, filled(512, 'n'), filled(512, 'o')), tear(disk, GARBAGE, NEW));
        assertFalse(Arrays.equals(junk, filled(512, 'o')) || Arrays.equals(junk, filled(512, 'n')));
    }

    @Test
    void aZeroUnitReadsAsZerosWhereTheWriteWas() throws IOException {
        SimDisk disk = oneTornCandidate(DiskModel.WORST_CASE, filled(2048, 'o'), 512, filled(1024, 'n'));
        assertBytes(concat(filled(512, 'o'), zeros(512), filled(512, 'n'), filled(512, 'o')), tear(disk, ZERO, NEW));
    }

    @Test
    void anAppendWhoseDataNeverLandedLeavesALongerFileOfZerosUnlessAppendIsSafe() throws IOException {
        // The size grew but the data did not land: what delayed allocation leaves after a cut.
        SimDisk unsafe = oneTornCandidate(DiskModel.WORST_CASE, filled(512, 'o'), 512, filled(512, 'n'));
        assertBytes(concat(filled(512, 'o'), zeros(512)), tear(unsafe, ZERO));
        DiskModel safeAppend = new DiskModel(512, 0, true, false);
        SimDisk safe = oneTornCandidate(safeAppend, filled(512, 'o'), 512, filled(512, 'n'));
        assertBytes(filled(512, 'o'), tear(safe, ZERO));
    }

    @Test
    void a4096ByteSectorDiskTearsAt4096Bytes() throws IOException {
        DiskModel ssd = DiskModel.SSD_4K;
        // 4096 new bytes at 2048 straddle sectors 0 and 1 of an 8192-byte file.
        SimDisk disk = oneTornCandidate(ssd, filled(8192, 'o'), 2048, filled(4096, 'n'));
        PendingOp.Write w = (PendingOp.Write) disk.pendingOps().get(0);
        assertEquals(2, TornWrite.unitCount(w, ssd));
        assertEquals(8, TornWrite.unitCount(w, DiskModel.WORST_CASE));
        assertBytes(concat(filled(2048, 'o'), filled(2048, 'n'), filled(4096, 'o')), tear(disk, NEW, OLD));
        assertBytes(concat(filled(4096, 'o'), filled(2048, 'n'), filled(2048, 'o')), tear(disk, OLD, NEW));
        assertThrows(IllegalArgumentException.class, () -> tear(disk, NEW, OLD, NEW),
                "a 4 KiB sector disk must not accept fates for 512-byte units");
    }

    @Test
    void anAtomicWriteUnitMakesA4KiBWriteTearOnlyAt4KiB() throws IOException {
        DiskModel atomic4k = new DiskModel(512, 4096, false, false);
        SimDisk disk = oneTornCandidate(atomic4k, filled(8192, 'o'), 0, filled(8192, 'n'));
        PendingOp.Write w = (PendingOp.Write) disk.pendingOps().get(0);
        assertEquals(2, TornWrite.unitCount(w, atomic4k));
        assertEquals(16, TornWrite.unitCount(w, DiskModel.WORST_CASE));
        assertBytes(concat(filled(4096, 'n'), filled(4096, 'o')), tear(disk, NEW, OLD));
        assertBytes(concat(filled(4096, 'o'), filled(4096, 'n')), tear(disk, OLD, NEW));
        assertThrows(IllegalArgumentException.class,
                () -> tear(disk, Collections.nCopies(16, NEW).toArray(new SectorFate[0])));

        // A single aligned 4 KiB write is one unit: all or nothing.
        SimDisk single = oneTornCandidate(atomic4k, filled(8192, 'o'), 4096, filled(4096, 'n'));
        assertEquals(1, TornWrite.unitCount((PendingOp.Write) single.pendingOps().get(0), atomic4k));
        assertBytes(filled(8192, 'o'), tear(single, OLD));
        assertBytes(concat(filled(4096, 'o'), filled(4096, 'n')), tear(single, NEW));
    }

    @Test
    void withoutSafeAppendAnExtendingWriteCanLeaveAHoleOfZeros() throws IOException {
        DiskModel unsafe = new DiskModel(512, 0, false, true);
        // "f" holds 512 bytes; 1024 new bytes at 512 extend it over units 1 and 2.
        SimDisk disk = oneTornCandidate(unsafe, filled(512, 'o'), 512, filled(1024, 'n'));
        assertBytes(concat(filled(512, 'o'), zeros(512), filled(512, 'n')), tear(disk, OLD, NEW));
        assertBytes(concat(filled(512, 'o'), filled(512, 'n'), garbage(disk, 1, 512)), tear(disk, NEW, GARBAGE));
        assertBytes(concat(filled(512, 'o'), filled(512, 'n')), tear(disk, NEW, OLD));
    }

    @Test
    void withSafeAppendTheSizeGrowsOnlyOverNewUnitsFromTheOldEnd() throws IOException {
        DiskModel safe = new DiskModel(512, 0, true, true);
        SimDisk disk = oneTornCandidate(safe, filled(512, 'o'), 512, filled(1024, 'n'));
        assertBytes(filled(512, 'o'), tear(disk, OLD, NEW));
        assertBytes(concat(filled(512, 'o'), filled(512, 'n')), tear(disk, NEW, GARBAGE));
        assertBytes(concat(filled(512, 'o'), filled(512, 'n')), tear(disk, NEW, OLD));
        assertBytes(concat(filled(512, 'o'), filled(1024, 'n')), tear(disk, NEW, NEW));
    }

    @Test
    void withSafeAppendAWriteLeavingAGapLandsNothingPastTheOldEnd() throws IOException {
        DiskModel safe = new DiskModel(512, 0, true, true);
        SimDisk disk = oneTornCandidate(safe, filled(512, 'o'), 1024, filled(512, 'n'));
        assertBytes(filled(512, 'o'), tear(disk, NEW));
        // Without safe append the same fate leaves a hole.
        SimDisk unsafe = oneTornCandidate(new DiskModel(512, 0, false, true), filled(512, 'o'), 1024,
                filled(512, 'n'));
        assertBytes(concat(filled(512, 'o'), zeros(512), filled(512, 'n')), tear(unsafe, NEW));
    }

    @Test
    void powerSafeOverwriteKeepsBytesOutsideTheWriteInTheSameSector() throws IOException {
        DiskModel safe = new DiskModel(512, 0, false, true);
        SimDisk disk = oneTornCandidate(safe, filled(1024, 'o'), 100, filled(100, 'n'));
        assertBytes(concat(filled(100, 'o'), garbage(disk, 0, 100), filled(824, 'o')), tear(disk, GARBAGE));
    }

    @Test
    void withoutPowerSafeOverwriteTheWholeSectorTurnsToGarbage() throws IOException {
        DiskModel unsafe = new DiskModel(512, 0, false, false);
        SimDisk disk = oneTornCandidate(unsafe, filled(1024, 'o'), 100, filled(100, 'n'));
        assertBytes(concat(garbage(disk, 0, 512), filled(512, 'o')), tear(disk, GARBAGE));
    }

    @Test
    void withoutPowerSafeOverwriteGarbageStopsAtTheOldEndOfTheFile() throws IOException {
        DiskModel unsafe = new DiskModel(512, 0, false, false);
        // "f" holds 300 bytes; 100 new bytes at 100 sit in sector 0, which the file fills only to 300.
        SimDisk disk = oneTornCandidate(unsafe, filled(300, 'o'), 100, filled(100, 'n'));
        assertBytes(garbage(disk, 0, 300), tear(disk, GARBAGE));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 99})
    void garbageIsTheSameForTheSameSeedAndDiffersForAnother(long seed) throws IOException {
        byte[] first = tornWithSeed(seed);
        byte[] again = tornWithSeed(seed);
        byte[] other = tornWithSeed(seed + 1000);
        assertBytes(first, again);
        assertFalse(Arrays.equals(slice(first, 0, 512), slice(other, 0, 512)));
    }

    private static byte[] tornWithSeed(long seed) throws IOException {
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(seed), FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", filled(1024, 'o'));
        write(f, 0, filled(1024, 'n'));
        return readAll(crash(disk, new Survival.TearOne(0, List.of(GARBAGE, GARBAGE))), "f");
    }

    @Test
    void onlyTheTornWriteTearsOlderSurviveNewerAreLost() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", filled(1536, 'o'));
        write(f, 0, filled(512, 'a'));    // pending 0: kept
        write(f, 512, filled(512, 'b'));  // pending 1: torn
        write(f, 1024, filled(512, 'c')); // pending 2: lost
        byte[] image = readAll(crash(disk, new Survival.TearOne(1, List.of(OLD))), "f");
        assertBytes(concat(filled(512, 'a'), filled(1024, 'o')), image);
        assertThrows(IllegalArgumentException.class,
                () -> disk.crashImage(new Survival.TearOne(3, List.of(NEW))), "no pending op 3");
    }
}
