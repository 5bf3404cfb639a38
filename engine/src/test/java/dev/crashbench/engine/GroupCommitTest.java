package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.get;
import static dev.crashbench.engine.TestDb.put;
import static dev.crashbench.engine.TestDb.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.local.TestDirs;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Group commit ({@link Optimization#GROUP_COMMIT}) driven from one thread, the way the crash
 * explorer drives it: commits appended with {@link WriteTransaction#commitAsync} wait in flight,
 * the next writer builds on them, readers do not see them, and the first {@link CommitTicket#await}
 * syncs them all at once.
 */
class GroupCommitTest {
    private static final String DB = "db";
    private static final String WAL = "db-wal";
    private static final EngineOptions GROUPED = EngineOptions.defaults()
            .withWalPreallocatedFrames(16)
            .withAutoCheckpointFrames(1000)
            .withOptimization(Optimization.GROUP_COMMIT, true);

    private static RecordingVfs freshVfs(String label) throws IOException {
        return new RecordingVfs(LocalVfs.at(TestDirs.fresh(label)));
    }

    private static CommitTicket putAsync(Database db, long key, String value) throws IOException {
        WriteTransaction w = db.beginWrite();
        w.table("t").put(key, bytes(value));
        return w.commitAsync();
    }

    @Test
    void commitsInFlightShareOneSyncAndStayInvisibleUntilIt() throws IOException {
        RecordingVfs vfs = freshVfs("group-share");
        try (Database db = Database.open(vfs, DB, GROUPED)) {
            put(db, "t", 0, bytes("zero"));
            vfs.clear();
            CommitTicket first = putAsync(db, 1, "one");
            try (WriteTransaction w = db.beginWrite()) {
                assertEquals("one", string(w.table("t").get(1)), "the next writer builds on the commit in flight");
                w.table("t").put(2, bytes("two"));
                CommitTicket second = w.commitAsync();
                assertEquals(0, vfs.count("sync " + WAL), "nothing synced yet: " + vfs.events());
                assertEquals(2, vfs.countStarting("write " + WAL), vfs.events().toString());
                assertNull(get(db, "t", 1), "readers never see a commit before it is durable");
                assertFalse(first.isDurable());

                second.await();
                assertEquals(1, vfs.count("sync " + WAL), "one sync for both: " + vfs.events());
                assertTrue(first.isDurable(), "the sync covered the commit appended before it");
                first.await();
                assertEquals(1, vfs.count("sync " + WAL), "awaiting a covered commit syncs nothing more");
            }
            assertEquals("one", string(get(db, "t", 1)));
            assertEquals("two", string(get(db, "t", 2)));
            assertEquals(2, db.events().get(EngineEvent.GROUPED_COMMIT));
        }
        try (Database db = Database.open(vfs, DB, GROUPED)) {
            assertEquals("two", string(get(db, "t", 2)), "durable across a reopen");
        }
    }

    @Test
    void aCommitAloneInItsSyncIsNotCountedAsGrouped() throws IOException {
        RecordingVfs vfs = freshVfs("group-alone");
        try (Database db = Database.open(vfs, DB, GROUPED)) {
            put(db, "t", 0, bytes("zero"));
            putAsync(db, 1, "one").await();
            assertEquals(0, db.events().get(EngineEvent.GROUPED_COMMIT));
            assertEquals(2, db.events().get(EngineEvent.COMMIT));
        }
    }

    @Test
    void aFailedGroupSyncFailsEveryCommitInItAndStopsTheDatabase() throws IOException {
        RecordingVfs vfs = freshVfs("group-fail");
        try (Database db = Database.open(vfs, DB, GROUPED)) {
            put(db, "t", 0, bytes("zero"));
            CommitTicket first = putAsync(db, 1, "one");
            CommitTicket second = putAsync(db, 2, "two");
            vfs.failNextSyncs(WAL, 1);
            IOException leader = assertThrows(IOException.class, second::await);
            assertFalse(leader instanceof DatabaseFailedException, "the leader sees the sync's own error");
            assertThrows(DatabaseFailedException.class, first::await, "the other commit of the group fails too");
            assertFalse(first.isDurable());
            assertNotNull(db.failure());
            assertThrows(DatabaseFailedException.class, db::beginWrite, "fail-stop");
            assertNull(get(db, "t", 1), "readers never saw the group");
            assertEquals(1, vfs.count("sync-failed " + WAL));
            assertEquals(vfs.events().size() - 1, vfs.last("sync-failed " + WAL),
                    "the failed sync is not retried: " + vfs.events());
        }
    }

    @Test
    void aCheckpointMakesTheCommitsInFlightDurableFirst() throws IOException {
        RecordingVfs vfs = freshVfs("group-checkpoint");
        try (Database db = Database.open(vfs, DB, GROUPED)) {
            put(db, "t", 0, bytes("zero"));
            CommitTicket inFlight = putAsync(db, 1, "one");
            vfs.clear();
            assertTrue(db.checkpoint().walReset());
            int walSync = vfs.first("sync " + WAL);
            int firstHomeWrite = vfs.firstStarting("write " + DB + "@");
            assertTrue(walSync >= 0 && walSync < firstHomeWrite, "the group's sync before any page goes home: "
                    + vfs.events());
            assertTrue(inFlight.isDurable());
            inFlight.await();
            assertEquals("one", string(get(db, "t", 1)));
        }
    }

    @Test
    void aCommitWithNothingToWriteIsDurableOnlyOnceTheCommitsItBuiltOnAre() throws IOException {
        RecordingVfs vfs = freshVfs("group-empty-commit");
        try (Database db = Database.open(vfs, DB, GROUPED)) {
            put(db, "t", 0, bytes("zero"));
            CommitTicket first = putAsync(db, 1, "one");
            vfs.clear();
            CommitTicket empty;
            try (WriteTransaction w = db.beginWrite()) {
                assertEquals("one", string(w.table("t").get(1)), "it builds on the commit in flight");
                assertFalse(w.table("t").delete(2), "a delete that changes nothing");
                empty = w.commitAsync();
            }
            assertFalse(empty.isDurable(), "what it saw is not durable yet, so neither is its acknowledgement");
            empty.await();
            assertEquals(1, vfs.count("sync " + WAL), "its await syncs the commit it built on: " + vfs.events());
            assertTrue(first.isDurable());
            assertEquals("one", string(get(db, "t", 1)));
            first.await();
            assertEquals(2, db.events().get(EngineEvent.COMMIT), "the empty commit is not counted: " + db.events().snapshot());

            vfs.clear();
            try (WriteTransaction w = db.beginWrite()) {
                assertTrue(w.commitAsync().isDurable(), "with nothing in flight it is durable at once");
            }
            assertEquals(0, vfs.countStarting("sync "), vfs.events().toString());
        }
    }

    @Test
    void anAutomaticCheckpointSyncsTheGroupBeforeCopyingHome() throws IOException {
        RecordingVfs vfs = freshVfs("group-auto-checkpoint");
        EngineOptions options = GROUPED.withAutoCheckpointFrames(4);
        try (Database db = Database.open(vfs, DB, options)) {
            put(db, "t", 0, bytes("zero"));
            CommitTicket[] tickets = new CommitTicket[6];
            for (int i = 0; i < tickets.length; i++) {
                tickets[i] = putAsync(db, i + 1, "v" + i);
            }
            assertTrue(db.events().get(EngineEvent.CHECKPOINT) > 0, db.events().snapshot().toString());
            for (CommitTicket ticket : tickets) {
                ticket.await();
            }
            assertNull(db.failure());
        }
        try (Database db = Database.open(vfs, DB, options)) {
            for (int i = 0; i < 6; i++) {
                assertEquals("v" + i, string(get(db, "t", i + 1)));
            }
        }
    }

    @Test
    void withTheOptionOffCommitAsyncIsTheWholeCommit() throws IOException {
        RecordingVfs vfs = freshVfs("group-off");
        EngineOptions off = GROUPED.withOptimization(Optimization.GROUP_COMMIT, false);
        try (Database db = Database.open(vfs, DB, off)) {
            put(db, "t", 0, bytes("zero"));
            vfs.clear();
            CommitTicket ticket = putAsync(db, 1, "one");
            assertTrue(ticket.isDurable());
            assertEquals(1, vfs.count("sync " + WAL), vfs.events().toString());
            assertEquals("one", string(get(db, "t", 1)), "published before commitAsync returned");
            ticket.await();
            assertEquals(2, db.events().get(EngineEvent.COMMIT), "counted once");
            assertEquals(0, db.events().get(EngineEvent.GROUPED_COMMIT));
        }
    }

    @Test
    void belowFullDurabilityThereIsNoSyncToShare() throws IOException {
        RecordingVfs vfs = freshVfs("group-normal");
        try (Database db = Database.open(vfs, DB, GROUPED.withDurability(Durability.NORMAL))) {
            put(db, "t", 0, bytes("zero"));
            vfs.clear();
            CommitTicket ticket = putAsync(db, 1, "one");
            assertTrue(ticket.isDurable(), "NORMAL acknowledges without a sync");
            assertEquals(0, vfs.countStarting("sync "), vfs.events().toString());
        }
    }

    // ---- the unsafe variants, seen through the I/O (the crash explorer's verdict is recovery-tests') --

    @Test
    void ackUncoveredAcknowledgesACommitNoSyncCovered() throws IOException {
        for (boolean mutated : new boolean[] {false, true}) {
            RecordingVfs vfs = freshVfs("group-ack-uncovered");
            EngineOptions options = mutated ? GROUPED.withMutation(UnsafeMutation.GROUP_ACK_UNCOVERED) : GROUPED;
            try (Database db = Database.open(vfs, DB, options)) {
                put(db, "t", 0, bytes("zero")); // a first round ran
                vfs.clear();
                putAsync(db, 1, "one").await();
                assertEquals(mutated ? 0 : 1, vfs.count("sync " + WAL), "mutated=" + mutated + ": " + vfs.events());
            }
        }
    }

    @Test
    void publishBeforeSyncShowsReadersACommitNoSyncCovered() throws IOException {
        for (boolean mutated : new boolean[] {false, true}) {
            RecordingVfs vfs = freshVfs("group-publish-early");
            EngineOptions options = mutated ? GROUPED.withMutation(UnsafeMutation.GROUP_PUBLISH_BEFORE_SYNC) : GROUPED;
            try (Database db = Database.open(vfs, DB, options)) {
                put(db, "t", 0, bytes("zero"));
                vfs.clear();
                CommitTicket ticket = putAsync(db, 1, "one");
                assertEquals(0, vfs.count("sync " + WAL));
                assertEquals(mutated ? "one" : null, string(get(db, "t", 1)), "mutated=" + mutated);
                ticket.await();
                assertEquals("one", string(get(db, "t", 1)));
            }
        }
    }
}
