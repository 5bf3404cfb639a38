package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.string;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.jdbc.CrashbenchDriver;
import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.local.TestDirs;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Group commit with real threads on real files: several writers committing through the engine API,
 * and through JDBC connections sharing one engine, have their commits grouped (one sync covering
 * several), and every commit acknowledged is there after a reopen.
 *
 * <p>That commits really group does not depend on the disk being slow enough: the first WAL sync
 * after the writers start is held until every other writer waits inside a group commit's await
 * (see {@link RecordingVfs#holdNextSync}): a writer awaits only after its commit was appended and
 * registered, so the round after the held one covers, and writes with one write, the commits of
 * all of them. Progress is waited for with Awaitility; nothing asserts a duration.
 */
class GroupCommitThreadsTest {
    private static final String DB = "db";
    private static final String WAL = "db-wal";
    private static final int WRITERS = 4;
    private static final String WRITER_NAME = "group-writer-";
    private static final int COMMITS_PER_WRITER = 25;
    private static final EngineOptions GROUPED = EngineOptions.defaults()
            .withWalPreallocatedFrames(64)
            .withAutoCheckpointFrames(40)
            .withOptimization(Optimization.GROUP_COMMIT, true);

    /** Runs {@code body(writer)} on {@link #WRITERS} threads; returns their failures once all ended. */
    private static List<Throwable> runWriters(WriterBody body) {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger finished = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                try {
                    body.run(writer);
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    finished.incrementAndGet();
                }
            }, WRITER_NAME + w);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        await().atMost(Duration.ofMinutes(2)).untilAtomic(finished, org.hamcrest.Matchers.equalTo(WRITERS));
        return new ArrayList<>(failures);
    }

    @FunctionalInterface
    private interface WriterBody {
        void run(int writer) throws Exception;
    }

    /**
     * Writer threads (named {@code group-writer-*}) waiting inside {@link GroupCommitter#await} for a
     * round to cover their commits, which they appended before they began to wait.
     */
    private static long writersAwaitingASync() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith(WRITER_NAME) && e.getKey().getState() == Thread.State.WAITING)
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(frame ->
                        frame.getClassName().equals(GroupCommitter.class.getName()) && frame.getMethodName().equals("await")))
                .count();
    }

    private static long key(int writer, int commit) {
        return writer * 1_000L + commit;
    }

    /**
     * Through the engine API, with each way the WAL's frames can reach the disk that syncs (a
     * positional write and {@code fdatasync}, or a store through the mapping and a range sync, whose
     * record of what is unsynced the leader takes while the next writer stores).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void writersThroughTheEngineApiShareSyncsAndLoseNothing(boolean mapped) throws Exception {
        RecordingVfs vfs = new RecordingVfs(LocalVfs.at(TestDirs.fresh("group-threads")));
        EngineOptions options = GROUPED.withOptimization(Optimization.WAL_MMAP, mapped);
        long grouped;
        try (Database db = Database.open(vfs, DB, options)) {
            try (WriteTransaction w = db.beginWrite()) {
                w.createTable("t");
                w.commit();
            }
            vfs.holdNextSync(WAL, () -> writersAwaitingASync() >= WRITERS - 1);
            List<Throwable> failures = runWriters(writer -> {
                for (int i = 0; i < COMMITS_PER_WRITER; i++) {
                    try (WriteTransaction w = db.beginWrite()) {
                        w.table("t").put(key(writer, i), bytes("w" + writer + "c" + i));
                        w.commit(); // returns once a sync covering it returned
                    }
                }
            });
            assertEquals(List.of(), failures);
            assertNull(db.failure());
            grouped = db.events().get(EngineEvent.GROUPED_COMMIT);
            assertTrue(grouped >= 2, "commits were grouped: " + db.events().snapshot());
            assertTrue(db.events().get(EngineEvent.GROUPED_WRITE) >= 1, "their frames went out in one write: "
                    + db.events().snapshot());
            long walWrites = mapped ? vfs.countStarting("store " + WAL) : vfs.countStarting("write " + WAL);
            assertTrue(walWrites < WRITERS * COMMITS_PER_WRITER, "fewer WAL writes than commits: " + walWrites);
            assertTrue(vfs.count("sync " + WAL) + vfs.countStarting("msync " + WAL) < WRITERS * COMMITS_PER_WRITER,
                    "fewer WAL syncs than commits");
            if (mapped) {
                assertTrue(db.events().get(EngineEvent.MAPPED_FRAME) > 0, db.events().snapshot().toString());
            }
        }
        try (Database db = Database.open(vfs, DB, options); ReadTransaction r = db.beginRead()) {
            for (int writer = 0; writer < WRITERS; writer++) {
                for (int i = 0; i < COMMITS_PER_WRITER; i++) {
                    assertEquals("w" + writer + "c" + i, string(r.table("t").get(key(writer, i))),
                            "writer " + writer + " commit " + i);
                }
            }
        }
    }

    /**
     * A failed round fails every commit it did not cover: the leader's, and every one appended
     * behind it while its sync ran (the held sync waits until all writers have appended, then
     * fails), and the database stops.
     */
    @Test
    void aFailedRoundFailsEveryCommitWaitingOnIt() throws Exception {
        RecordingVfs vfs = new RecordingVfs(LocalVfs.at(TestDirs.fresh("group-threads-fail")));
        try (Database db = Database.open(vfs, DB, GROUPED)) {
            try (WriteTransaction w = db.beginWrite()) {
                w.createTable("t");
                w.commit();
            }
            vfs.holdNextSync(WAL, () -> writersAwaitingASync() >= WRITERS - 1);
            vfs.failNextSyncs(WAL, 1);
            ConcurrentLinkedQueue<Boolean> stoppedByAnother = new ConcurrentLinkedQueue<>();
            List<Throwable> failures = runWriters(writer -> {
                try (WriteTransaction w = db.beginWrite()) {
                    w.table("t").put(key(writer, 0), bytes("w" + writer));
                    CommitTicket ticket = w.commitAsync();
                    try {
                        ticket.await();
                    } catch (IOException e) {
                        stoppedByAnother.add(e instanceof DatabaseFailedException);
                        throw e;
                    }
                }
            });
            assertEquals(WRITERS, failures.size(), "every commit failed: " + failures);
            assertEquals(WRITERS - 1, stoppedByAnother.stream().filter(b -> b).count(),
                    "one leader saw the sync's error, the rest the stopped database");
            assertNotNull(db.failure());
            assertEquals(1, vfs.count("sync-failed " + WAL));
            assertEquals(0, db.events().get(EngineEvent.GROUPED_COMMIT), "no round succeeded");
            assertThrows(DatabaseFailedException.class, db::beginWrite);
        }
    }

    @Test
    void writersThroughJdbcConnectionsToOneFileShareSyncsAndLoseNothing() throws Exception {
        RecordingVfs vfs = new RecordingVfs(LocalVfs.at(TestDirs.fresh("group-threads-jdbc")));
        try (Connection setup = CrashbenchDriver.connect(vfs, DB, GROUPED)) {
            try (Statement s = setup.createStatement()) {
                s.execute("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
                StringBuilder rows = new StringBuilder();
                for (int writer = 0; writer < WRITERS; writer++) {
                    rows.append(writer == 0 ? "" : ", ").append('(').append(writer).append(", 0)");
                }
                s.execute("INSERT INTO counters (id, n) VALUES " + rows);
            }
            vfs.holdNextSync(WAL, () -> writersAwaitingASync() >= WRITERS - 1);
            List<Throwable> failures = runWriters(writer -> {
                try (Connection c = CrashbenchDriver.connect(vfs, DB, GROUPED);
                     PreparedStatement update = c.prepareStatement("UPDATE counters SET n = ? WHERE id = ?")) {
                    for (int i = 1; i <= COMMITS_PER_WRITER; i++) {
                        update.setLong(1, i);
                        update.setLong(2, writer);
                        assertEquals(1, update.executeUpdate()); // auto-commit: durable when it returns
                    }
                }
            });
            assertEquals(List.of(), failures);
            Database engine = setup.unwrap(Database.class);
            assertNull(engine.failure());
            assertTrue(engine.events().get(EngineEvent.GROUPED_COMMIT) >= 2,
                    "commits were grouped: " + engine.events().snapshot());
            assertTrue(engine.events().get(EngineEvent.GROUPED_WRITE) >= 1,
                    "their frames went out in one write: " + engine.events().snapshot());
        }
        try (Connection c = CrashbenchDriver.connect(vfs, DB, GROUPED);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, n FROM counters ORDER BY id")) {
            for (int writer = 0; writer < WRITERS; writer++) {
                assertTrue(rs.next());
                assertEquals(writer, rs.getLong(1));
                assertEquals(COMMITS_PER_WRITER, rs.getLong(2), "every acknowledged update of writer " + writer);
            }
        }
    }
}
