package dev.crashbench.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.DatabaseFailedException;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.ReadTransaction;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.OpContext;
import dev.crashbench.faultvfs.OpKind;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.faultvfs.TraceEntry;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * An I/O error while committing or checkpointing fails that call, and the database then refuses
 * every write (without ever retrying the failed sync) until it is reopened; reopening recovers
 * every acknowledged commit. The same holds when the commit's sync is an O_DSYNC write
 * ({@code wal_dsync}) or a range sync of the WAL mapping ({@code wal_mmap}).
 */
class FailStopTest {
    private static final EngineOptions OPTIONS = EngineOptions.defaults().withWalPreallocatedFrames(4);
    private static final byte[] A = {1, 2, 3};
    private static final byte[] B = {4, 5, 6};

    /** Injects one fault at the first call matching a predicate after it is armed. */
    private static final class OneShot implements FaultPlan {
        private Predicate<OpContext> target;
        private Fault fault;
        private int firedAt = -1;

        void arm(Predicate<OpContext> target, Fault fault) {
            this.target = target;
            this.fault = fault;
        }

        @Override
        public Optional<Fault> decide(OpContext context) {
            if (target != null && target.test(context)) {
                target = null;
                firedAt = context.step();
                return Optional.of(fault);
            }
            return Optional.empty();
        }
    }

    private static Predicate<OpContext> on(OpKind kind, String pathSuffix) {
        return context -> context.kind() == kind && context.path().endsWith(pathSuffix);
    }

    @Test
    void walSyncErrorFailsTheCommitStopsWritesAndNeverRetriesTheSync() throws IOException {
        OneShot plan = new OneShot();
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(3), plan);
        Database database = Database.open(disk, "db", OPTIONS);
        commitPut(database, 1, A, true);

        plan.arm(on(OpKind.SYNC, "db-wal"), new Fault.SyncError());
        IOException failure = assertThrows(IOException.class, () -> commitPut(database, 2, B, false));
        assertSame(failure, database.failure());
        DatabaseFailedException refused = assertThrows(DatabaseFailedException.class, database::beginWrite);
        assertSame(failure, refused.getCause());
        assertThrows(DatabaseFailedException.class, database::checkpoint);
        for (TraceEntry entry : disk.trace().entries()) {
            if (entry.step() > plan.firedAt && entry.kind() == OpKind.SYNC) {
                throw new AssertionError("the engine synced again after a failed sync: " + entry.describe());
            }
        }
        try (ReadTransaction read = database.beginRead()) {
            assertArrayEquals(A, read.table("t").get(1));
            assertNull(read.table("t").get(2), "a failed commit must not become visible");
        }
        database.close();

        try (Database reopened = Database.open(disk.crashImage(new Survival.LoseAll()).disk(), "db", OPTIONS)) {
            assertEquals(java.util.List.of(), reopened.checkIntegrity());
            try (ReadTransaction read = reopened.beginRead()) {
                assertArrayEquals(A, read.table("t").get(1), "the acknowledged commit survives");
            }
            commitPut(reopened, 3, B, false);
        }
    }

    @Test
    void walWriteErrorFailsTheCommitAndStopsWrites() throws IOException {
        OneShot plan = new OneShot();
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(4), plan);
        Database database = Database.open(disk, "db", OPTIONS);
        commitPut(database, 1, A, true);

        plan.arm(on(OpKind.WRITE, "db-wal"), new Fault.IoError());
        assertThrows(IOException.class, () -> commitPut(database, 2, B, false));
        assertThrows(DatabaseFailedException.class, database::beginWrite);
        database.close();

        try (Database reopened = Database.open(disk, "db", OPTIONS);
             ReadTransaction read = reopened.beginRead()) {
            assertArrayEquals(A, read.table("t").get(1));
            assertNull(read.table("t").get(2));
        }
    }

    @Test
    void checkpointSyncErrorStopsWritesAndLosesNothing() throws IOException {
        OneShot plan = new OneShot();
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(5), plan);
        Database database = Database.open(disk, "db", OPTIONS);
        commitPut(database, 1, A, true);
        commitPut(database, 2, B, false);

        plan.arm(on(OpKind.SYNC, "db"), new Fault.SyncError());
        assertThrows(IOException.class, database::checkpoint);
        assertTrue(plan.firedAt >= 0, "the checkpoint synced the database file");
        assertThrows(DatabaseFailedException.class, database::beginWrite);
        database.close();

        try (Database reopened = Database.open(disk.crashImage(new Survival.LoseAll()).disk(), "db", OPTIONS);
             ReadTransaction read = reopened.beginRead()) {
            assertEquals(java.util.List.of(), reopened.checkIntegrity());
            assertArrayEquals(A, read.table("t").get(1));
            assertArrayEquals(B, read.table("t").get(2));
        }
    }

    /**
     * wal_dsync: the commit's O_DSYNC write is its sync, so a failed write-back of that write is a
     * failed sync: the commit fails, the database stops, and nothing of it reaches the disk.
     */
    @Test
    void walDsyncWriteBackErrorFailsTheCommitAndStopsWrites() throws IOException {
        EngineOptions dsync = OPTIONS.withOptimization(Optimization.WAL_DSYNC, true);
        OneShot plan = new OneShot();
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(6), plan);
        Database database = Database.open(disk, "db", dsync);
        commitPut(database, 1, A, true);

        plan.arm(on(OpKind.WRITE, "db-wal"), new Fault.SyncError());
        IOException failure = assertThrows(IOException.class, () -> commitPut(database, 2, B, false));
        assertSame(failure, database.failure());
        assertThrows(DatabaseFailedException.class, database::beginWrite);
        for (TraceEntry entry : disk.trace().entries()) {
            if (entry.step() > plan.firedAt && (entry.kind() == OpKind.SYNC || entry.kind() == OpKind.WRITE)) {
                throw new AssertionError("the engine wrote or synced after a failed O_DSYNC write: " + entry.describe());
            }
        }
        database.close();

        try (Database reopened = Database.open(disk.crashImage(new Survival.LoseAll()).disk(), "db", dsync);
             ReadTransaction read = reopened.beginRead()) {
            assertEquals(java.util.List.of(), reopened.checkIntegrity());
            assertArrayEquals(A, read.table("t").get(1), "the acknowledged commit survives");
            assertNull(read.table("t").get(2), "the failed one never reached the disk");
        }
    }

    /** wal_dsync: an acknowledged commit is durable with no sync call after its write. */
    @Test
    void walDsyncCommitIsDurableWhenItsWriteReturns() throws IOException {
        EngineOptions dsync = OPTIONS.withOptimization(Optimization.WAL_DSYNC, true);
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(7), FaultPlan.NONE);
        Database database = Database.open(disk, "db", dsync);
        commitPut(database, 1, A, true);
        int before = disk.trace().entries().size();
        commitPut(database, 2, B, false);
        assertTrue(disk.trace().entries().subList(before, disk.trace().entries().size()).stream()
                .noneMatch(e -> e.kind() == OpKind.SYNC), "no sync in the commit");
        try (Database reopened = Database.open(disk.crashImage(new Survival.LoseAll()).disk(), "db", dsync);
             ReadTransaction read = reopened.beginRead()) {
            assertArrayEquals(B, read.table("t").get(2));
        }
        database.close();
    }

    /** wal_mmap: a failed range sync fails the commit and stops the database, like a failed fdatasync. */
    @Test
    void walMmapRangeSyncErrorFailsTheCommitStopsWritesAndNeverRetries() throws IOException {
        EngineOptions mmap = OPTIONS.withOptimization(Optimization.WAL_MMAP, true);
        OneShot plan = new OneShot();
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(8), plan);
        Database database = Database.open(disk, "db", mmap);
        commitPut(database, 1, A, true);

        plan.arm(on(OpKind.MAPPED_SYNC, "db-wal"), new Fault.SyncError());
        IOException failure = assertThrows(IOException.class, () -> commitPut(database, 2, B, false));
        assertTrue(plan.firedAt >= 0, "the commit was synced through the mapping");
        assertSame(failure, database.failure());
        assertThrows(DatabaseFailedException.class, database::beginWrite);
        for (TraceEntry entry : disk.trace().entries()) {
            if (entry.step() > plan.firedAt && entry.kind().syncs()) {
                throw new AssertionError("the engine synced again after a failed msync: " + entry.describe());
            }
        }
        try (ReadTransaction read = database.beginRead()) {
            assertNull(read.table("t").get(2), "a failed commit must not become visible");
        }
        database.close();

        try (Database reopened = Database.open(disk.crashImage(new Survival.LoseAll()).disk(), "db", mmap);
             ReadTransaction read = reopened.beginRead()) {
            assertEquals(java.util.List.of(), reopened.checkIntegrity());
            assertArrayEquals(A, read.table("t").get(1), "the acknowledged commit survives");
            assertNull(read.table("t").get(2));
        }
    }

    private static void commitPut(Database database, long key, byte[] value, boolean createTable) throws IOException {
        try (WriteTransaction write = database.beginWrite()) {
            (createTable ? write.createTable("t") : write.table("t")).put(key, value);
            write.commit();
        }
    }
}
