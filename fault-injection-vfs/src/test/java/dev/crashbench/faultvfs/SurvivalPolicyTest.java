package dev.crashbench.faultvfs;

import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;
import java.util.Set;

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
import static dev.crashbench.faultvfs.SimDiskTesting.readAll;
import static dev.crashbench.faultvfs.SimDiskTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which pending operations a power cut lets through: {@link Survival} policies and early write-back. */
class SurvivalPolicyTest {
    private static final byte[] OLD = filled(1024, 'o');
    private static final byte[] A = filled(512, 'A');
    private static final byte[] B = filled(512, 'B');
    private static final byte[] C = filled(512, 'C');

    /** "f" durably holds OLD; then A at 0, B at 512 and C at 1024 (extending) are pending, in that order. */
    private static SimDisk threePendingWrites() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", OLD);
        write(f, 0, A);
        write(f, 512, B);
        write(f, 1024, C);
        assertEquals(3, disk.pendingOps().size());
        return disk;
    }

    @Test
    void loseAllLeavesExactlyTheSyncedBytes() throws IOException {
        SimDisk disk = threePendingWrites();
        assertBytes(OLD, readAll(crash(disk, LOSE_ALL), "f"));
    }

    @Test
    void keepAllLeavesWhatTheProgramSaw() throws IOException {
        SimDisk disk = threePendingWrites();
        byte[] expected = concat(A, B, C);
        assertBytes(expected, live(disk, "f"));
        assertBytes(expected, readAll(crash(disk, KEEP_ALL), "f"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void keepPrefixKeepsTheOldestInOrder(int count) throws IOException {
        SimDisk disk = threePendingWrites();
        byte[] expected = switch (count) {
            case 0 -> OLD;
            case 1 -> concat(A, filled(512, 'o'));
            case 2 -> concat(A, B);
            default -> concat(A, B, C);
        };
        assertBytes(expected, readAll(crash(disk, new Survival.KeepPrefix(count)), "f"));
    }

    @Test
    void keepPrefixLongerThanThePendingListIsRejected() throws IOException {
        SimDisk disk = threePendingWrites();
        assertThrows(IllegalArgumentException.class, () -> disk.crashImage(new Survival.KeepPrefix(4)));
    }

    @Test
    void keepSubsetCanKeepANewerWriteOfOneFileAndLoseAnOlder() throws IOException {
        SimDisk disk = threePendingWrites();
        // Only C (the extending write) survives: the file grows, but A and B never landed.
        assertBytes(concat(OLD, C), readAll(crash(disk, new Survival.KeepSubset(Set.of(2))), "f"));
        assertBytes(concat(filled(512, 'o'), B), readAll(crash(disk, new Survival.KeepSubset(Set.of(1))), "f"));
    }

    @Test
    void keepSubsetReordersAcrossTwoFiles() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile first = createDurable(disk, "first", filled(100, 'o'));
        VfsFile second = createDurable(disk, "second", filled(100, 'o'));
        write(first, 0, filled(100, '1'));   // pending 0
        write(second, 0, filled(100, '2'));  // pending 1

        SimDisk onlyNewer = crash(disk, new Survival.KeepSubset(Set.of(1)));
        assertBytes(filled(100, 'o'), readAll(onlyNewer, "first"));
        assertBytes(filled(100, '2'), readAll(onlyNewer, "second"));

        SimDisk onlyOlder = crash(disk, new Survival.KeepSubset(Set.of(0)));
        assertBytes(filled(100, '1'), readAll(onlyOlder, "first"));
        assertBytes(filled(100, 'o'), readAll(onlyOlder, "second"));
    }

    @Test
    void pendingCreateAndDataArePartOfOneOrderedList() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = disk.open("f", OpenOption.CREATE); // pending 0: create
        write(f, 0, A);                               // pending 1: data
        assertBytes(new byte[0], readAll(crash(disk, new Survival.KeepPrefix(1)), "f"));
        assertFalse(crash(disk, new Survival.KeepSubset(Set.of(1))).exists("f"),
                "the data alone survived, but no name leads to it");
    }

    @Test
    void randomSurvivalIsDecidedByItsSeedAndReplaysThroughExplicitFates() throws IOException {
        SimDisk disk = threePendingWrites();
        Survival random = new Survival.Random(7, 0.5, 0.5);
        CrashImage first = disk.crashImage(random);
        CrashImage again = disk.crashImage(random);
        CrashImage replayed = disk.crashImage(new Survival.Explicit(first.fates()));
        assertEquals(first.fates(), again.fates());
        assertBytes(readAll(first.disk(), "f"), readAll(again.disk(), "f"));
        assertBytes(readAll(first.disk(), "f"), readAll(replayed.disk(), "f"));
    }

    @Test
    void earlyWriteBackMakesThatPendingOpDurableAtThatStep() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", OLD);
        write(f, 0, A);   // pending 0
        write(f, 512, B); // pending 1
        assertBytes(OLD, durable(disk, "f"));

        plan.armNext(disk, new Fault.EarlyWriteBack(List.of(1)));
        assertTrue(disk.exists("f")); // any call will do: the write-back strikes before it

        assertBytes(concat(filled(512, 'o'), B), durable(disk, "f"));
        assertEquals(1, disk.pendingOps().size());
        assertBytes(concat(filled(512, 'o'), B), readAll(crash(disk, LOSE_ALL), "f"));
        assertBytes(concat(A, B), readAll(crash(disk, KEEP_ALL), "f"));
    }

    @Test
    void earlyWriteBackOfANewerWriteIsNeverUndoneByAnOlderOne() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", OLD);
        write(f, 0, A); // pending 0
        write(f, 0, B); // pending 1 overwrites it: the page cache holds only B now
        plan.armNext(disk, new Fault.EarlyWriteBack(List.of(1)));
        f.sync(SyncMode.DATA);
        // After a successful sync the durable file is what the program wrote last, never the stale A.
        assertBytes(concat(B, filled(512, 'o')), durable(disk, "f"));
        assertBytes(concat(B, filled(512, 'o')), readAll(crash(disk, KEEP_ALL), "f"));
    }

    @Test
    void earlyWriteBackOfAWriteIsNeverUndoneByAnOlderTruncate() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = createDurable(disk, "f", OLD);
        f.truncate(0);  // pending 0
        write(f, 0, A); // pending 1
        plan.armNext(disk, new Fault.EarlyWriteBack(List.of(1)));
        f.sync(SyncMode.DATA);
        assertBytes(A, durable(disk, "f"));
    }
}
