package dev.crashbench.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.ReadTransaction;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.engine.wal.WalHeader;
import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.OpContext;
import dev.crashbench.faultvfs.OpKind;
import dev.crashbench.faultvfs.PendingOp;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * After a failed fsync the kernel keeps serving the dropped pages from its cache but marks them
 * clean, so a later fsync succeeds without writing them (fsyncgate). Recovery after such a
 * failure reads the WAL through that cache: an opening must make what it found durable before it
 * builds on it, without overwriting in place what may be the only durable copy. The crash
 * explorer found every case below on the healthy engine.
 */
class FsyncgateRecoveryTest {
    private static final EngineOptions OPTIONS = EngineOptions.defaults().withWalPreallocatedFrames(4);
    private static final byte[] SMALL = {1, 2, 3};
    /** Large enough to need overflow pages, so that its commit changes the header (page 0). */
    private static final byte[] LARGE = new byte[9_000];

    /** Injects one fault at the first call matching a predicate after it is armed. */
    private static final class OneShot implements FaultPlan {
        private Predicate<OpContext> target;
        private Fault fault;
        private boolean fired;

        void arm(Predicate<OpContext> target, Fault fault) {
            this.target = target;
            this.fault = fault;
            this.fired = false;
        }

        @Override
        public Optional<Fault> decide(OpContext context) {
            if (target != null && target.test(context)) {
                target = null;
                fired = true;
                return Optional.of(fault);
            }
            return Optional.empty();
        }
    }

    private static Predicate<OpContext> on(OpKind kind, String path) {
        return context -> context.kind() == kind && context.path().equals(path);
    }

    @Test
    void aCommitUnderAWalHeaderWhoseSyncFailedSurvivesAPowerCut() throws IOException {
        OneShot plan = new OneShot();
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(21), plan);
        plan.arm(on(OpKind.SYNC, "db-wal"), new Fault.SyncError());
        assertThrows(IOException.class, () -> Database.open(disk, "db", OPTIONS),
                "the sync of the new WAL's header fails");
        assertTrue(plan.fired);
        // The header is still in the page cache, clean: the next open reads it and commits under it.
        try (Database database = Database.open(disk, "db", OPTIONS)) {
            put(database, 1, SMALL, true);
        }
        try (Database recovered = Database.open(disk.crashImage(new Survival.LoseAll()).disk(), "db", OPTIONS);
             ReadTransaction read = recovered.beginRead()) {
            assertTrue(read.hasTable("t"), "the acknowledged commit was written under a header the disk never got");
            assertArrayEquals(SMALL, read.table("t").get(1));
        }
    }

    @Test
    void theCheckpointAtOpenNeverCopiesHomeFramesOnlyThePageCacheHolds() throws IOException {
        OneShot plan = new OneShot();
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(22), plan);
        try (Database database = Database.open(disk, "db", OPTIONS)) {
            put(database, 1, SMALL, true);
            database.checkpoint(); // the WAL is empty again: nothing in it overrides what the next checkpoint copies home
            plan.arm(on(OpKind.SYNC, "db-wal"), new Fault.SyncError());
            assertThrows(IOException.class, () -> put(database, 2, LARGE, false));
            assertTrue(plan.fired);
        }
        // Reopening finds the failed commit's frames in the page cache and checkpoints them; the
        // power is cut while its first page (the header) is on its way to the database file.
        plan.arm(on(OpKind.WRITE, "db"), new Fault.PowerCut(true));
        assertThrows(PowerCutException.class, () -> Database.open(disk, "db", OPTIONS));
        assertTrue(plan.fired, "the open checkpointed the recovered commit");
        try (Database recovered = Database.open(disk.crashImage(new Survival.KeepAll()).disk(), "db", OPTIONS)) {
            assertEquals(List.of(), recovered.checkIntegrity());
            try (ReadTransaction read = recovered.beginRead()) {
                assertArrayEquals(SMALL, read.table("t").get(1), "the acknowledged commit survives");
                byte[] second = read.table("t").get(2);
                assertTrue(second == null || java.util.Arrays.equals(LARGE, second),
                        "the failed commit is there whole or not at all");
            }
        }
    }

    /**
     * The opening that recovers the failed commit's frames fails its own first sync too: the frames
     * are still only in the page cache for the third opening, which must not copy their pages home
     * ahead of them (found in NORMAL durability with three failed syncs in a row). An opening
     * copies what it recovered into a new WAL file, synced, before building on it.
     */
    @Test
    void aSecondFailedSyncBeforeTheRecoveredFramesAreDurableLosesNothing() throws IOException {
        OneShot plan = new OneShot();
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(23), plan);
        try (Database database = Database.open(disk, "db", OPTIONS)) {
            put(database, 1, SMALL, true);
            database.checkpoint();
            plan.arm(on(OpKind.SYNC, "db-wal"), new Fault.SyncError());
            assertThrows(IOException.class, () -> put(database, 2, LARGE, false));
        }
        plan.arm(context -> context.kind() == OpKind.SYNC && context.path().startsWith("db-wal"), new Fault.SyncError());
        assertThrows(IOException.class, () -> Database.open(disk, "db", OPTIONS), "the next opening's first sync fails");
        assertTrue(plan.fired);
        plan.arm(on(OpKind.WRITE, "db"), new Fault.PowerCut(true));
        assertThrows(PowerCutException.class, () -> Database.open(disk, "db", OPTIONS));
        assertTrue(plan.fired, "the third opening checkpointed the recovered commit");
        try (Database recovered = Database.open(disk.crashImage(new Survival.KeepAll()).disk(), "db", OPTIONS)) {
            assertEquals(List.of(), recovered.checkIntegrity());
            try (ReadTransaction read = recovered.beginRead()) {
                assertArrayEquals(SMALL, read.table("t").get(1));
                byte[] second = read.table("t").get(2);
                assertTrue(second == null || java.util.Arrays.equals(LARGE, second));
            }
        }
    }

    /**
     * The sync of a reset's new header fails: the next opening finds that header in the page cache
     * and commits under it. Unless it makes the header durable first, a cut can keep its new frames,
     * which overwrite the old generation's, and the old header: the old generation then has no
     * frames left, and the page digest its header recorded no longer describes the database file
     * that generation's checkpoint wrote (found in NORMAL durability).
     */
    @Test
    void aCommitUnderAResetHeaderWhoseSyncFailedMakesItDurableFirst() throws IOException {
        OneShot plan = new OneShot();
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(24), plan);
        try (Database database = Database.open(disk, "db", OPTIONS)) {
            put(database, 1, SMALL, true);
            plan.arm(on(OpKind.SYNC, "db-wal"), new Fault.SyncError());
            assertThrows(IOException.class, database::checkpoint, "the reset's header sync fails");
            assertTrue(plan.fired);
        }
        plan.arm(context -> context.kind() == OpKind.WRITE && context.path().equals("db-wal")
                && context.offset() >= WalHeader.REGION_SIZE, new Fault.PowerCut(true));
        Database cut = Database.open(disk, "db", OPTIONS); // not closed: the power is off
        assertThrows(PowerCutException.class, () -> put(cut, 2, SMALL, false));
        List<PendingOp> pending = disk.pendingOps();
        Set<Integer> frameWrites = new java.util.TreeSet<>();
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i) instanceof PendingOp.Write w && w.path().equals("db-wal")
                    && w.offset() >= WalHeader.REGION_SIZE) {
                frameWrites.add(i); // the new frames land, any header write still pending does not
            }
        }
        assertTrue(!frameWrites.isEmpty());
        try (Database recovered = Database.open(disk.crashImage(new Survival.KeepSubset(frameWrites)).disk(), "db",
                OPTIONS)) {
            assertEquals(List.of(), recovered.checkIntegrity());
            try (ReadTransaction read = recovered.beginRead()) {
                assertArrayEquals(SMALL, read.table("t").get(1), "the acknowledged commit survives");
            }
        }
    }

    private static void put(Database database, long key, byte[] value, boolean createTable) throws IOException {
        try (WriteTransaction write = database.beginWrite()) {
            (createTable ? write.createTable("t") : write.table("t")).put(key, value);
            write.commit();
        }
    }
}
