package dev.crashbench.recovery;

import dev.crashbench.recovery.reference.ReferenceSession;
import dev.crashbench.recovery.reference.ReferenceTargets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.CommitTicket;
import dev.crashbench.engine.Database;
import dev.crashbench.engine.DatabaseFailedException;
import dev.crashbench.engine.Durability;
import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.IntegrityProblem;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.ReadTransaction;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.engine.pager.CheckpointStep;
import dev.crashbench.engine.pager.SteppedCheckpoints;
import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.OpContext;
import dev.crashbench.faultvfs.OpKind;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.recovery.oracle.Oracle;
import dev.crashbench.recovery.oracle.TableState;
import dev.crashbench.vfs.DiskModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The background checkpointer's step machine on a simulated disk, driven one step at a time by a
 * {@link SteppedCheckpoints}: a power cut after each step (the pending writes all lost, or all
 * kept) recovers every acknowledged commit; commits between page copies keep the WAL from being
 * reset over them; a reader keeps its snapshot while passes run; a full WAL makes the next write
 * transaction wait; a failed checkpoint sync stops writes. Each rule also has the case its unsafe
 * variant breaks, which the same check must reject.
 */
class BackgroundCheckpointStepsTest {
    private static final EngineOptions OPTIONS = ReferenceTargets.torturedDefaults()
            .withOptimization(Optimization.BACKGROUND_CHECKPOINT, true);
    /** Wide enough rows that a few dozen of them spread over several leaves. */
    private static final int VALUE_BYTES = 600;

    /** One database on a fresh simulated disk, with the rows every acknowledged commit left. */
    private static final class Fixture {
        final SimDisk disk;
        final EngineOptions options;
        final SteppedCheckpoints steps = new SteppedCheckpoints();
        final Database db;
        final List<TableState> committed = new ArrayList<>();
        TreeMap<Long, byte[]> rows = new TreeMap<>();

        Fixture(EngineOptions options) throws IOException {
            this(options, FaultPlan.NONE);
        }

        Fixture(EngineOptions options, FaultPlan plan) throws IOException {
            this.options = options;
            this.disk = new SimDisk(new SimDiskConfig(DiskModel.WORST_CASE, 1, Long.MAX_VALUE), plan);
            this.db = Database.open(disk, Oracle.DB_PATH, options, steps);
            try (WriteTransaction w = db.beginWrite()) {
                w.createTable(Oracle.TABLE);
                w.commit();
            }
            committed.add(TableState.of(rows));
        }

        /** Puts {@code key} (its value a function of key and round) in a commit of its own. */
        void commit(long key, int round) throws IOException {
            byte[] value = new byte[VALUE_BYTES];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) (key * 31 + round * 7 + i);
            }
            try (WriteTransaction w = db.beginWrite()) {
                w.table(Oracle.TABLE).put(key, value);
                w.commit();
            }
            rows = new TreeMap<>(rows);
            rows.put(key, value);
            committed.add(TableState.of(rows));
        }

        /** Commits rows 0, 1, 2, ... until the WAL holds enough frames for a pass to start. */
        void fillToStart() throws IOException {
            for (long key = 0; db.walFrames() < OPTIONS.autoCheckpointFrames(); key++) {
                commit(key, 0);
            }
        }

        /** Steps until the checkpointer has no work; returns the steps taken. */
        List<CheckpointStep> finishPass() {
            List<CheckpointStep> taken = new ArrayList<>();
            while (steps.nextStep() != CheckpointStep.DONE) {
                taken.add(steps.nextStep());
                steps.advance(1);
            }
            return taken;
        }

        /** Steps until the pass in progress (or the next one) is over; returns the steps taken. */
        List<CheckpointStep> finishPassOnce() {
            long passes = db.events().get(EngineEvent.BACKGROUND_CHECKPOINT);
            List<CheckpointStep> taken = new ArrayList<>();
            while (db.events().get(EngineEvent.BACKGROUND_CHECKPOINT) == passes
                    && steps.nextStep() != CheckpointStep.DONE) {
                taken.add(steps.nextStep());
                steps.advance(1);
            }
            return taken;
        }

        TableState newest() {
            return committed.get(committed.size() - 1);
        }

        /** What recovery finds on the crash image where every pending write met {@code survival}. */
        Recovered crash(Survival survival) throws IOException {
            SimDisk image = disk.crashImage(survival).disk();
            try (Database recovered = Database.open(image, Oracle.DB_PATH, options)) {
                return new Recovered(Oracle.contents(recovered), recovered.checkIntegrity());
            }
        }
    }

    private record Recovered(TableState state, List<IntegrityProblem> problems) {
        boolean is(TableState expected) {
            return problems.isEmpty() && state.sameAs(expected);
        }
    }

    private static TableState contents(ReadTransaction read) throws IOException {
        return Oracle.contents(ReferenceSession.readView(read));
    }

    // ---- a cut after each step --------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Durability.class, names = {"FULL", "NORMAL"})
    void aCutAfterAnyStepRecoversEveryAcknowledgedCommit(Durability durability) throws IOException {
        Fixture f = new Fixture(OPTIONS.withDurability(durability));
        f.fillToStart();
        List<CheckpointStep> taken = new ArrayList<>();
        boolean walSynced = durability == Durability.FULL;
        while (f.steps.nextStep() != CheckpointStep.DONE) {
            CheckpointStep step = f.steps.nextStep();
            taken.add(step);
            f.steps.advance(1);
            walSynced |= step == CheckpointStep.SYNC_WAL;
            for (Survival survival : List.of(new Survival.LoseAll(), new Survival.KeepAll())) {
                Recovered recovered = f.crash(survival);
                assertTrue(recovered.problems().isEmpty(), "after " + taken + ": " + recovered.problems());
                if (walSynced) {
                    // Every commit is durable once the WAL was synced: FULL from the start, NORMAL from SYNC_WAL on.
                    assertTrue(recovered.state().sameAs(f.newest()), "after " + taken + ", " + survival
                            + ": " + recovered.state().describe());
                } else {
                    assertTrue(f.committed.stream().anyMatch(recovered.state()::sameAs),
                            "after " + taken + ": no commit's state: " + recovered.state().describe());
                }
            }
        }
        List<CheckpointStep> expected = new ArrayList<>();
        if (durability == Durability.NORMAL) {
            expected.add(CheckpointStep.SYNC_WAL);
        }
        int copies = (int) taken.stream().filter(s -> s == CheckpointStep.COPY_PAGE).count();
        assertTrue(copies >= 2, "the pass copies pages: " + taken);
        for (int i = 0; i < copies; i++) {
            expected.add(CheckpointStep.COPY_PAGE);
        }
        expected.add(CheckpointStep.SYNC_HOME);
        expected.add(CheckpointStep.RESET);
        assertEquals(expected, taken);
        assertEquals(0, f.db.walFrames(), "the pass reset the WAL");
        assertEquals(1, f.db.events().get(EngineEvent.BACKGROUND_CHECKPOINT));
    }

    @Test
    void aResetBeforeTheDatabaseSyncIsRejectedByTheSameCheck() throws IOException {
        Fixture f = new Fixture(OPTIONS.withMutation(UnsafeMutation.BACKGROUND_RESET_BEFORE_DB_SYNC));
        f.fillToStart();
        while (f.steps.nextStep() != CheckpointStep.RESET) {
            f.steps.advance(1);
        }
        f.steps.advance(1);
        assertEquals(CheckpointStep.SYNC_HOME, f.steps.nextStep(), "the mutant syncs home after the reset");
        assertFalse(f.crash(new Survival.LoseAll()).is(f.newest()),
                "a cut between the reset and the database sync loses what only the WAL held");
    }

    // ---- commits between steps ----------------------------------------------------------------------

    @Test
    void commitsBetweenCopiesKeepTheWalFromBeingResetOverThem() throws IOException {
        Fixture f = new Fixture(OPTIONS);
        f.fillToStart();
        f.steps.advance(1);
        f.commit(1_000, 1); // after the plan: its frame is past the pass's end
        List<CheckpointStep> rest = f.finishPassOnce();
        assertFalse(rest.contains(CheckpointStep.RESET) && f.db.walFrames() == 0, "reset over a new commit: " + rest);
        assertTrue(f.crash(new Survival.LoseAll()).is(f.newest()));
        try (ReadTransaction read = f.db.beginRead()) {
            assertTrue(contents(read).sameAs(f.newest()));
        }
        f.finishPass(); // the next pass takes the new frame home and resets
        assertEquals(0, f.db.walFrames());
        assertTrue(f.crash(new Survival.LoseAll()).is(f.newest()));
    }

    @Test
    void aResetOverNewCommitsIsRejectedByTheSameCheck() throws IOException {
        Fixture f = new Fixture(OPTIONS.withMutation(UnsafeMutation.BACKGROUND_RESET_OVER_NEW_COMMITS));
        f.fillToStart();
        f.steps.advance(1);
        f.commit(1_000, 1);
        f.finishPassOnce();
        assertEquals(0, f.db.walFrames(), "the mutant reset the WAL with the new commit's frame in it");
        assertFalse(f.crash(new Survival.LoseAll()).is(f.newest()), "the new commit is lost");
    }

    // ---- readers ------------------------------------------------------------------------------------

    /** A database whose rows are all home (WAL reset), then a reader, then commits to every row. */
    private static Fixture readerBeforeNewCommits(EngineOptions options, List<ReadTransaction> reader)
            throws IOException {
        Fixture f = new Fixture(options);
        for (long key = 0; key < 24; key++) {
            f.commit(key, 0);
        }
        f.db.checkpoint();
        assertEquals(0, f.db.walFrames());
        reader.add(f.db.beginRead());
        for (long key = 0; key < 24; key += 2) {
            f.commit(key, 1);
        }
        assertTrue(f.db.walFrames() >= OPTIONS.autoCheckpointFrames());
        return f;
    }

    @Test
    void aReaderKeepsItsSnapshotWhilePassesRun() throws IOException {
        List<ReadTransaction> reader = new ArrayList<>();
        Fixture f = readerBeforeNewCommits(OPTIONS, reader);
        TableState before = f.committed.get(24);
        f.finishPass();
        try (ReadTransaction read = reader.get(0)) {
            assertTrue(contents(read).sameAs(before), "the reader's snapshot: " + contents(read).describe());
        }
        f.finishPass(); // released: now the pass runs and resets
        assertEquals(0, f.db.walFrames());
        assertTrue(f.crash(new Survival.LoseAll()).is(f.newest()));
    }

    @Test
    void copyingHomePagesAReaderStillNeedsIsRejectedByTheSameCheck() throws IOException {
        List<ReadTransaction> reader = new ArrayList<>();
        Fixture f = readerBeforeNewCommits(OPTIONS.withMutation(UnsafeMutation.BACKGROUND_IGNORES_READERS), reader);
        TableState before = f.committed.get(24);
        f.finishPass();
        try (ReadTransaction read = reader.get(0)) {
            assertFalse(contents(read).sameAs(before), "the mutant copied newer pages under the reader");
        }
    }

    @Test
    void aReaderWhoseSnapshotIsTheWholeWalDoesNotHoldBackTheReset() throws IOException {
        Fixture f = new Fixture(OPTIONS);
        f.fillToStart();
        TableState seen = f.newest();
        try (ReadTransaction read = f.db.beginRead()) {
            f.finishPass();
            assertEquals(0, f.db.walFrames(), "reset although a reader is open");
            f.commit(2_000, 1);
            assertTrue(contents(read).sameAs(seen), "the reader now reads its state from home");
        }
    }

    @Test
    void anExplicitCheckpointMakesCommitsPastAReaderDurable() throws IOException {
        // NORMAL durability: a returned checkpoint is where commits become durable, and the crash
        // explorer's oracle holds it to every commit before it, readers or not (it found this).
        Fixture f = new Fixture(OPTIONS.withDurability(Durability.NORMAL));
        f.commit(0, 0);
        try (ReadTransaction read = f.db.beginRead()) {
            for (long key = 1; key < 4; key++) {
                f.commit(key, 0);
            }
            f.db.checkpoint(); // copies up to the reader's mark, after syncing the WAL up to here
            for (long key = 4; key < 7; key++) {
                f.commit(key, 0);
            }
            f.db.checkpoint(); // nothing to copy past the reader, nothing of its own to sync
            assertTrue(f.db.walFrames() > 0, "the reader kept frames from going home");
            assertTrue(f.crash(new Survival.LoseAll()).is(f.newest()), "commits before the checkpoint are durable");
        }
    }

    // ---- a full WAL ---------------------------------------------------------------------------------

    @Test
    void aFullWalMakesTheNextWriteTransactionWaitForTheReset() throws IOException {
        Fixture f = new Fixture(OPTIONS);
        long key = 0;
        int full = 2 * OPTIONS.autoCheckpointFrames();
        while (f.db.walFrames() < full) {
            f.commit(key++, 0);
        }
        assertEquals(0, f.db.events().get(EngineEvent.WAL_FULL_WAIT));
        f.db.beginWrite().rollback();
        assertEquals(1, f.db.events().get(EngineEvent.WAL_FULL_WAIT));
        assertEquals(0, f.db.walFrames(), "the wait ran the pass to the reset");
        f.db.beginWrite().rollback();
        assertEquals(1, f.db.events().get(EngineEvent.WAL_FULL_WAIT), "no wait once there is room");
    }

    @Test
    void aReaderHoldingBackTheResetDoesNotBlockWriters() throws IOException {
        Fixture f = new Fixture(OPTIONS);
        f.commit(0, 0);
        try (ReadTransaction read = f.db.beginRead()) {
            long key = 1;
            while (f.db.walFrames() < 2 * OPTIONS.autoCheckpointFrames()) {
                f.commit(key++, 0);
            }
            f.commit(key, 0); // waited, found nothing to do, and went on
            assertEquals(1, f.db.events().get(EngineEvent.WAL_FULL_WAIT));
            assertTrue(f.db.walFrames() > 2 * OPTIONS.autoCheckpointFrames());
            assertTrue(contents(read).sameAs(f.committed.get(1)));
        }
        assertTrue(f.crash(new Survival.LoseAll()).is(f.newest()));
    }

    @Test
    void aFullWalWithGroupCommitsInFlightDoesNotMakeTheCheckpointerSpin() throws IOException {
        // The reset must wait for the commits appended and not yet synced; a pass that planned it
        // anyway could never finish it, and the waiting writer planned the same pass forever (the
        // model property found this as an out-of-memory op trace).
        WritesUpTo budget = new WritesUpTo();
        Fixture f = new Fixture(OPTIONS.withOptimization(Optimization.GROUP_COMMIT, true), budget);
        ReadTransaction read = f.db.beginRead(); // holds back every reset while the WAL fills
        long key = 0;
        while (f.db.walFrames() < 2 * OPTIONS.autoCheckpointFrames()) {
            f.commit(key++, 0);
        }
        read.close();
        CommitTicket inFlight;
        try (WriteTransaction w = f.db.beginWrite()) {
            w.table(Oracle.TABLE).put(key, new byte[] {1});
            inFlight = w.commitAsync(); // appended, waiting for a group sync
        }
        long steps = f.disk.step();
        budget.lastStep = f.disk.step() + 1_000; // a spinning checkpointer then fails a write and stops
        f.db.beginWrite().rollback();
        assertNull(f.db.failure(), "the wait took more than 1,000 VFS calls");
        assertTrue(f.disk.step() - steps < 100, "the wait took " + (f.disk.step() - steps) + " VFS calls");
        budget.lastStep = Integer.MAX_VALUE;
        inFlight.await();
        f.finishPass();
        assertEquals(0, f.db.walFrames(), "once the group sync published it, the WAL resets");
    }

    /** Fails every write after {@code lastStep} with EIO: a bound on a loop that would never end. */
    private static final class WritesUpTo implements FaultPlan {
        long lastStep = Integer.MAX_VALUE;

        @Override
        public Optional<Fault> decide(OpContext context) {
            return context.step() > lastStep && context.kind() == OpKind.WRITE
                    ? Optional.of(new Fault.IoError()) : Optional.empty();
        }
    }

    // ---- fail-stop ----------------------------------------------------------------------------------

    /** Fails the database file's next sync with EIO once armed. */
    private static final class FailHomeSync implements FaultPlan {
        boolean armed;

        @Override
        public Optional<Fault> decide(OpContext context) {
            if (armed && context.kind() == OpKind.SYNC && context.path().equals(Oracle.DB_PATH)) {
                armed = false;
                return Optional.of(new Fault.SyncError());
            }
            return Optional.empty();
        }
    }

    @Test
    void aFailedCheckpointSyncStopsLaterWrites() throws IOException {
        FailHomeSync plan = new FailHomeSync();
        Fixture f = new Fixture(OPTIONS, plan);
        f.fillToStart();
        plan.armed = true;
        List<CheckpointStep> taken = f.finishPass();
        assertEquals(CheckpointStep.SYNC_HOME, taken.get(taken.size() - 1), "the pass stopped at the failed sync");
        assertNotNull(f.db.failure());
        assertThrows(DatabaseFailedException.class, () -> f.commit(3_000, 1));
        assertEquals(CheckpointStep.DONE, f.steps.nextStep(), "no step after the failure");
        assertTrue(f.crash(new Survival.LoseAll()).is(f.committed.get(f.committed.size() - 1)));
    }
}
