package dev.crashbench.recovery.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.recovery.crashloop.KeyValueCrashLoop;
import dev.crashbench.recovery.sqlite.SqliteConfig.JournalMode;
import dev.crashbench.recovery.sqlite.SqliteConfig.Synchronous;
import dev.crashbench.vfs.DiskModel;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SQLite's documented durability, found by cutting the power at every step of a small workload
 * on a worst-case SimDisk (no atomic unit, unsafe append, no power-safe overwrite: torn sectors
 * turn to garbage) and recovering every crash image with SQLite itself ({@link KeyValueCrashLoop}).
 * Each configuration SQLite documents as losing commits must be caught here; each it documents as
 * durable must come out clean.
 */
class SqliteKnownVerdictsTest {
    private static final int COMMITS = 3;
    private static final DiskModel DISK = DiskModel.WORST_CASE;

    @BeforeEach
    void needsSqlite() {
        SqliteAvailable.assume();
    }

    private static KeyValueCrashLoop loop(JournalMode mode, Synchronous synchronous) {
        return new KeyValueCrashLoop(new SqliteLoopEngine(new SqliteConfig(mode, synchronous, 1)), DISK, 1, COMMITS);
    }

    /** Every state of the loop judged: a clean verdict, or every finding of a must-fail one. */
    private static KeyValueCrashLoop.Result everyState(JournalMode mode, Synchronous synchronous) throws Exception {
        KeyValueCrashLoop.Result result = loop(mode, synchronous).run();
        System.out.println(result.summary());
        assertEquals(COMMITS, result.acknowledged(), "the workload ran to its end");
        assertTrue(result.states() > 100, "the loop checked states: " + result.states());
        return result;
    }

    /** States judged until the first finding of {@code kind}: enough for a configuration that must fail. */
    private static KeyValueCrashLoop.Result untilFound(JournalMode mode, Synchronous synchronous, String kind)
            throws Exception {
        KeyValueCrashLoop.Result result = loop(mode, synchronous).run(v -> v.kind().equals(kind));
        System.out.println(result.summary());
        assertTrue(result.violations().stream().anyMatch(v -> v.kind().equals(kind)),
                "SQLite documents " + mode + "+" + synchronous + " as unsafe; the loop must find '" + kind + "': "
                        + result.summary());
        return result;
    }

    @Test
    void walFullIsClean() throws Exception {
        KeyValueCrashLoop.Result result = everyState(JournalMode.WAL, Synchronous.FULL);
        assertEquals(List.of(), result.violations().stream().map(KeyValueCrashLoop.Violation::describe).toList());
    }

    @Test
    void walOffLosesAcknowledgedCommits() throws Exception {
        untilFound(JournalMode.WAL, Synchronous.OFF, "lost acknowledged commits");
    }

    @Test
    void walNormalLosesAcknowledgedCommits() throws Exception {
        // WAL+NORMAL syncs the WAL only at checkpoints
        untilFound(JournalMode.WAL, Synchronous.NORMAL, "lost acknowledged commits");
    }

    @Test
    void deleteOffCanBeLeftCorrupt() throws Exception {
        untilFound(JournalMode.DELETE, Synchronous.OFF, "corrupt");
    }

    @Test
    void deleteFullLosesTheLastCommitWhenTheJournalsUnlinkIsLost() throws Exception {
        KeyValueCrashLoop.Result result = everyState(JournalMode.DELETE, Synchronous.FULL);
        assertFalse(result.violations().isEmpty(), "DELETE+FULL must be caught: " + result.summary());
        assertTrue(result.violations().stream().allMatch(v -> v.kind().equals("lost acknowledged commits")
                        && v.lostUnlinkOf(SqliteLoopEngine.DB + "-journal")),
                "every finding is a commit rolled back by a journal whose unlink was lost: "
                        + result.violations().stream().map(KeyValueCrashLoop.Violation::describe).toList());
    }

    @Test
    void deleteExtraIsClean() throws Exception {
        KeyValueCrashLoop.Result result = everyState(JournalMode.DELETE, Synchronous.EXTRA);
        assertEquals(List.of(), result.violations().stream().map(KeyValueCrashLoop.Violation::describe).toList());
    }
}
