package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.wal.WalFrame;
import dev.crashbench.engine.wal.WalHeader;
import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.local.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Group commit ({@link Optimization#GROUP_COMMIT}) driven from one thread, the way the crash
 * explorer drives it: commits appended with {@link WriteTransaction#commitAsync} wait in flight,
 * the next writer builds on them, readers do not see them, and the first {@link CommitTicket#await}
 * writes them all with one WAL write and syncs them with one WAL sync.
 */
class GroupCommitTest {
    private static final String DB = "db";
    private static final String WAL = "db-wal";
    private static final EngineOptions GROUPED = EngineOptions.defaults()
            .withOptimization(Optimization.DELTA_FRAMES, false) // full frames: the offsets and sizes checked here are of 4 KiB frames
            .withWalPreallocatedFrames(16)
            .withAutoCheckpointFrames(1000)
            .withOptimization(Optimization.GROUP_COMMIT, true);

    /**
     * The set-up every case shares: a database on a {@link RecordingVfs} over a fresh directory,
     * table {@code t} created and holding key 0 (one round ran), and the recording cleared.
     */
    private static final class Grouped implements AutoCloseable {
        final Path dir;
        final RecordingVfs vfs;
        final EngineOptions options;
        Database db;

        Grouped(String label, EngineOptions options) throws IOException {
            this.dir = TestDirs.fresh(label);
            this.vfs = new RecordingVfs(LocalVfs.at(dir));
            this.options = options;
            this.db = Database.open(vfs, DB, options);
            TestDb.put(db, "t", 0, bytes("zero"));
            vfs.clear();
        }

        Grouped(String label) throws IOException {
            this(label, GROUPED);
        }

        /** Appends a one-row put as its own commit and returns its ticket, not awaited. */
        CommitTicket putAsync(long key, String value) throws IOException {
            WriteTransaction w = db.beginWrite();
            w.table("t").put(key, bytes(value));
            return w.commitAsync();
        }

        /** What a new reader sees at {@code key}. */
        String get(long key) throws IOException {
            return string(TestDb.get(db, "t", key));
        }

        /** Closes (no sync) and opens the database again: what a restart recovers. */
        void reopen() throws IOException {
            db.close();
            db = Database.open(vfs, DB, options);
        }

        /** The recorded calls since the set-up, without file offsets: {@code write db-wal}, {@code sync db-wal}. */
        List<String> calls() {
            return vfs.events().stream().map(event -> event.replaceAll("@.*", "")).toList();
        }

        byte[] walBytes() throws IOException {
            return Files.readAllBytes(dir.resolve(WAL));
        }

        @Override
        public void close() throws IOException {
            db.close();
        }
    }

    @Test
    void commitsInFlightShareOneWriteAndOneSyncAndStayInvisibleUntilThey() throws IOException {
        try (Grouped g = new Grouped("group-share")) {
            CommitTicket first = g.putAsync(1, "one");
            try (WriteTransaction w = g.db.beginWrite()) {
                assertEquals("one", string(w.table("t").get(1)), "the next writer builds on the commit in flight");
                w.table("t").put(2, bytes("two"));
                CommitTicket second = w.commitAsync();
                assertEquals(List.of(), g.vfs.events(), "nothing written or synced yet");
                assertNull(g.get(1), "readers never see a commit before it is durable");
                assertFalse(first.isDurable());

                second.await();
                assertEquals(List.of("write " + WAL, "sync " + WAL), g.calls(), "one write and one sync for both");
                assertTrue(first.isDurable(), "the sync covered the commit appended before it");
                first.await();
                assertEquals(1, g.vfs.count("sync " + WAL), "awaiting a covered commit syncs nothing more");
            }
            assertEquals("one", g.get(1));
            assertEquals("two", g.get(2));
            assertEquals(2, g.db.events().get(EngineEvent.GROUPED_COMMIT));
            assertEquals(1, g.db.events().get(EngineEvent.GROUPED_WRITE));
            g.reopen();
            assertEquals("two", g.get(2), "durable across a reopen");
        }
    }

    /**
     * Three commits gathered: their frames go out in one write, contiguous, each commit with its own
     * frames and commit marker, so the WAL holds exactly the bytes three separate commits would have
     * written, but for what a frame says about the syncs before it was sealed (WalFrame's synced
     * count, and the checksums over it): separate commits each saw the previous one's sync, gathered
     * ones none; no ticket is durable before the sync after that write has returned.
     */
    @Test
    void threeCommitsGoOutInOneWriteOfTheirOwnFramesAndAreAcknowledgedOnlyAfterTheSync() throws IOException {
        byte[] separate;
        try (Grouped g = new Grouped("group-three-separate", GROUPED.withOptimization(Optimization.GROUP_COMMIT, false))) {
            for (int i = 1; i <= 3; i++) {
                g.putAsync(i, "v" + i).await();
            }
            assertEquals(3, g.vfs.countStarting("write " + WAL), g.vfs.events().toString());
            separate = withoutSyncClaims(g.walBytes());
        }
        try (Grouped g = new Grouped("group-three-gathered")) {
            CommitTicket[] tickets = new CommitTicket[3];
            for (int i = 0; i < tickets.length; i++) {
                tickets[i] = g.putAsync(i + 1, "v" + (i + 1));
            }
            boolean[] durableDuringSync = new boolean[1];
            g.vfs.holdNextSync(WAL, () -> {
                for (CommitTicket ticket : tickets) {
                    durableDuringSync[0] |= ticket.isDurable();
                }
                return true;
            });
            tickets[1].await();
            assertFalse(durableDuringSync[0], "a ticket was durable while the sync covering it ran");
            assertEquals(List.of("write " + WAL, "sync " + WAL), g.calls());
            for (CommitTicket ticket : tickets) {
                assertTrue(ticket.isDurable());
                ticket.await();
            }
            assertEquals(3, g.db.events().get(EngineEvent.GROUPED_COMMIT));
            assertEquals(1, g.db.events().get(EngineEvent.GROUPED_WRITE));
            assertArrayEquals(separate, withoutSyncClaims(g.walBytes()),
                    "the gathered write holds each commit's own frames, byte for byte but for the sync claims");
            g.reopen();
            for (int i = 1; i <= 3; i++) {
                assertEquals("v" + i, g.get(i));
            }
        }
    }

    @Test
    void aLoneCommitIsOneWriteAndOneSyncAsWithoutGroupCommit() throws IOException {
        List<String> events = null;
        byte[] wal = null;
        for (boolean grouped : new boolean[] {false, true}) {
            try (Grouped g = new Grouped("group-alone-" + grouped,
                    GROUPED.withOptimization(Optimization.GROUP_COMMIT, grouped))) {
                g.putAsync(1, "one").await();
                if (events == null) {
                    events = g.vfs.events();
                    wal = g.walBytes();
                } else {
                    assertEquals(events, g.vfs.events(), "the same calls as without group commit");
                    assertArrayEquals(wal, g.walBytes(), "the same bytes as without group commit");
                }
                assertEquals(0, g.db.events().get(EngineEvent.GROUPED_COMMIT));
                assertEquals(0, g.db.events().get(EngineEvent.GROUPED_WRITE));
                assertEquals(2, g.db.events().get(EngineEvent.COMMIT));
            }
        }
    }

    @Test
    void aFailedGatheredWriteFailsEveryCommitInItAndStopsTheDatabase() throws IOException {
        try (Grouped g = new Grouped("group-write-fail")) {
            CommitTicket first = g.putAsync(1, "one");
            CommitTicket second = g.putAsync(2, "two");
            g.vfs.failNextWrites(WAL, 1);
            IOException leader = assertThrows(IOException.class, second::await);
            assertFalse(leader instanceof DatabaseFailedException, "the leader sees the write's own error");
            assertThrows(DatabaseFailedException.class, first::await, "the other commit of the group fails too");
            assertFalse(first.isDurable());
            assertNotNull(g.db.failure());
            assertThrows(DatabaseFailedException.class, g.db::beginWrite, "fail-stop");
            assertNull(g.get(1), "readers never saw the group");
            assertEquals(List.of("write-failed " + WAL), g.calls(),
                    "no sync after the failed write, and the write is not retried");
        }
    }

    @Test
    void aFailedGroupSyncFailsEveryCommitInItAndStopsTheDatabase() throws IOException {
        try (Grouped g = new Grouped("group-sync-fail")) {
            CommitTicket first = g.putAsync(1, "one");
            CommitTicket second = g.putAsync(2, "two");
            g.vfs.failNextSyncs(WAL, 1);
            IOException leader = assertThrows(IOException.class, second::await);
            assertFalse(leader instanceof DatabaseFailedException, "the leader sees the sync's own error");
            assertThrows(DatabaseFailedException.class, first::await, "the other commit of the group fails too");
            assertFalse(first.isDurable());
            assertNotNull(g.db.failure());
            assertThrows(DatabaseFailedException.class, g.db::beginWrite, "fail-stop");
            assertNull(g.get(1), "readers never saw the group");
            assertEquals(1, g.vfs.count("sync-failed " + WAL));
            assertEquals(g.vfs.events().size() - 1, g.vfs.last("sync-failed " + WAL),
                    "the failed sync is not retried: " + g.vfs.events());
        }
    }

    @Test
    void aCheckpointMakesTheCommitsInFlightDurableFirst() throws IOException {
        try (Grouped g = new Grouped("group-checkpoint")) {
            CommitTicket inFlight = g.putAsync(1, "one");
            assertTrue(g.db.checkpoint().walReset());
            int walWrite = g.vfs.firstStarting("write " + WAL);
            int walSync = g.vfs.first("sync " + WAL);
            int firstHomeWrite = g.vfs.firstStarting("write " + DB + "@");
            assertTrue(walWrite >= 0 && walWrite < walSync && walSync < firstHomeWrite,
                    "the group's write and sync before any page goes home: " + g.vfs.events());
            assertTrue(inFlight.isDurable());
            inFlight.await();
            assertEquals("one", g.get(1));
        }
    }

    @Test
    void aCommitWithNothingToWriteIsDurableOnlyOnceTheCommitsItBuiltOnAre() throws IOException {
        try (Grouped g = new Grouped("group-empty-commit")) {
            CommitTicket first = g.putAsync(1, "one");
            CommitTicket empty;
            try (WriteTransaction w = g.db.beginWrite()) {
                assertEquals("one", string(w.table("t").get(1)), "it builds on the commit in flight");
                assertFalse(w.table("t").delete(2), "a delete that changes nothing");
                empty = w.commitAsync();
            }
            assertFalse(empty.isDurable(), "what it saw is not durable yet, so neither is its acknowledgement");
            empty.await();
            assertEquals(1, g.vfs.count("sync " + WAL), "its await syncs the commit it built on: " + g.vfs.events());
            assertTrue(first.isDurable());
            assertEquals("one", g.get(1));
            first.await();
            assertEquals(2, g.db.events().get(EngineEvent.COMMIT), "the empty commit is not counted: "
                    + g.db.events().snapshot());

            g.vfs.clear();
            try (WriteTransaction w = g.db.beginWrite()) {
                assertTrue(w.commitAsync().isDurable(), "with nothing in flight it is durable at once");
            }
            assertEquals(0, g.vfs.countStarting("sync "), g.vfs.events().toString());
        }
    }

    /**
     * The inline checkpoint a commit makes due runs as the next write transaction begins, not in
     * the commit's first half (where a caller's own locks may be held); it syncs the group first.
     */
    @Test
    void anAutomaticCheckpointRunsAsTheNextWriterBeginsAfterSyncingTheGroup() throws IOException {
        EngineOptions options = GROUPED.withAutoCheckpointFrames(4);
        try (Grouped g = new Grouped("group-auto-checkpoint", options)) {
            CommitTicket[] tickets = new CommitTicket[6];
            int dueAfter = -1;
            for (int i = 0; i < tickets.length; i++) {
                long checkpointsBefore = g.db.events().get(EngineEvent.CHECKPOINT);
                tickets[i] = g.putAsync(i + 1, "v" + i);
                if (g.db.events().get(EngineEvent.CHECKPOINT) > checkpointsBefore) {
                    dueAfter = i;
                    break;
                }
            }
            assertTrue(dueAfter > 0, "a checkpoint ran: " + g.db.events().snapshot());
            assertTrue(tickets[dueAfter - 1].isDurable(), "the group before the checkpoint was synced");
            int walSync = g.vfs.first("sync " + WAL);
            int firstHomeWrite = g.vfs.firstStarting("write " + DB + "@");
            assertTrue(walSync >= 0 && walSync < firstHomeWrite, g.vfs.events().toString());
            for (int i = 0; i <= dueAfter; i++) {
                tickets[i].await();
            }
            assertNull(g.db.failure());
            g.reopen();
            for (int i = 0; i <= dueAfter; i++) {
                assertEquals("v" + i, g.get(i + 1));
            }
        }
    }

    @Test
    void withTheOptionOffCommitAsyncIsTheWholeCommit() throws IOException {
        try (Grouped g = new Grouped("group-off", GROUPED.withOptimization(Optimization.GROUP_COMMIT, false))) {
            CommitTicket ticket = g.putAsync(1, "one");
            assertTrue(ticket.isDurable());
            assertEquals(1, g.vfs.count("sync " + WAL), g.vfs.events().toString());
            assertEquals("one", g.get(1), "published before commitAsync returned");
            ticket.await();
            assertEquals(2, g.db.events().get(EngineEvent.COMMIT), "counted once");
            assertEquals(0, g.db.events().get(EngineEvent.GROUPED_COMMIT));
        }
    }

    @Test
    void belowFullDurabilityThereIsNoSyncToShare() throws IOException {
        try (Grouped g = new Grouped("group-normal", GROUPED.withDurability(Durability.NORMAL))) {
            CommitTicket ticket = g.putAsync(1, "one");
            assertTrue(ticket.isDurable(), "NORMAL acknowledges without a sync");
            assertEquals(List.of("write " + WAL), g.calls(), "written at once, never gathered, never synced");
        }
    }

    // ---- the unsafe variants, seen through the I/O (the crash explorer's verdict is recovery-tests') --

    @Test
    void ackUncoveredAcknowledgesACommitNoSyncCovered() throws IOException {
        for (boolean mutated : new boolean[] {false, true}) {
            EngineOptions options = mutated ? GROUPED.withMutation(UnsafeMutation.GROUP_ACK_UNCOVERED) : GROUPED;
            try (Grouped g = new Grouped("group-ack-uncovered", options)) {
                g.putAsync(1, "one").await();
                assertEquals(mutated ? 0 : 1, g.vfs.count("sync " + WAL), "mutated=" + mutated + ": " + g.vfs.events());
            }
        }
    }

    @Test
    void publishBeforeSyncShowsReadersACommitNoSyncCovered() throws IOException {
        for (boolean mutated : new boolean[] {false, true}) {
            EngineOptions options = mutated ? GROUPED.withMutation(UnsafeMutation.GROUP_PUBLISH_BEFORE_SYNC) : GROUPED;
            try (Grouped g = new Grouped("group-publish-early", options)) {
                CommitTicket ticket = g.putAsync(1, "one");
                assertEquals(0, g.vfs.count("sync " + WAL));
                assertEquals(mutated ? "one" : null, g.get(1), "mutated=" + mutated);
                ticket.await();
                assertEquals("one", g.get(1));
            }
        }
    }

    @Test
    void writeAckBeforeSyncAcknowledgesAGatheredWriteNoSyncFollowed() throws IOException {
        for (boolean mutated : new boolean[] {false, true}) {
            EngineOptions options = mutated ? GROUPED.withMutation(UnsafeMutation.GROUP_WRITE_ACK_BEFORE_SYNC) : GROUPED;
            try (Grouped g = new Grouped("group-write-ack-early", options)) {
                CommitTicket first = g.putAsync(1, "one");
                g.putAsync(2, "two").await();
                assertTrue(first.isDurable());
                assertEquals(1, g.vfs.countStarting("write " + WAL), g.vfs.events().toString());
                assertEquals(mutated ? 0 : 1, g.vfs.count("sync " + WAL), "mutated=" + mutated + ": " + g.vfs.events());
            }
        }
    }

    /** {@code wal} with every full frame's synced count and the checksums that cover it zeroed. */
    private static byte[] withoutSyncClaims(byte[] wal) {
        byte[] out = wal.clone();
        for (int at = WalHeader.REGION_SIZE; at + WalFrame.SIZE <= out.length; at += WalFrame.SIZE) {
            Arrays.fill(out, at + WalFrame.OFFSET_CHECKSUM, at + WalFrame.OFFSET_CHECKSUM + 4, (byte) 0);
            Arrays.fill(out, at + WalFrame.OFFSET_FRAME_CHECKSUM, at + WalFrame.OFFSET_SYNCED_FRAMES + 4,
                    (byte) 0);
        }
        return out;
    }
}
