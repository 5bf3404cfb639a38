package dev.crashbench.recovery.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.faultvfs.PendingOp;
import dev.crashbench.recovery.crashloop.KeyValueCrashLoop;
import dev.crashbench.recovery.crashloop.KeyValueCrashLoop.Violation;
import dev.crashbench.vfs.DiskModel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * H2's documented durability, found by cutting the power at every step of a small workload on a
 * worst-case SimDisk (no atomic unit, unsafe append, no power-safe overwrite) and recovering every
 * crash image with H2 itself ({@link KeyValueCrashLoop}, {@link H2LoopEngine}).
 *
 * <p>H2 writes each commit as a chunk of its store file and syncs only at {@code CHECKPOINT SYNC}
 * and at close; it never syncs a directory (neither after creating the store file nor after a
 * rename: its {@code FilePathDisk} has no such call).
 */
class H2KnownVerdictsTest {
    private static final int COMMITS = 2;
    private static final DiskModel DISK = DiskModel.WORST_CASE;
    private static final String LOST = "lost acknowledged commits";

    private static KeyValueCrashLoop loop(boolean checkpointSync, boolean syncDirectoryOnceCreated) {
        return new KeyValueCrashLoop(new H2LoopEngine(new H2Config(0, checkpointSync), syncDirectoryOnceCreated),
                DISK, 1, COMMITS);
    }

    /** A loss no directory entry explains: the lost operations include a chunk write of the store file. */
    private static boolean lostAnUnsyncedChunk(Violation v) {
        return v.kind().equals(LOST) && !v.lostCreationOf(H2LoopEngine.STORE_FILE)
                && v.lostOps().stream().anyMatch(op -> op instanceof PendingOp.Write w
                        && w.path().equals(H2LoopEngine.STORE_FILE));
    }

    /** Violations by kind, cut step and whether the store file's creation was lost, for the log. */
    private static String breakdown(List<Violation> violations) {
        Map<String, Long> counts = violations.stream().collect(Collectors.groupingBy(
                v -> v.kind() + ", " + v.acknowledged() + " acknowledged"
                        + (v.lostCreationOf(H2LoopEngine.STORE_FILE) ? ", the store file's creation lost" : ""),
                TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getValue() + " x " + e.getKey())
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    @Test
    void writeDelayZeroLosesAcknowledgedCommits() throws Exception {
        // WRITE_DELAY=0 writes each commit at once but syncs nothing until close: H2 documents that
        // a commit is durable only after CHECKPOINT SYNC (or close)
        KeyValueCrashLoop.Result result = loop(false, false).run(H2KnownVerdictsTest::lostAnUnsyncedChunk);
        System.out.println(result.summary());
        assertTrue(result.violations().stream().anyMatch(H2KnownVerdictsTest::lostAnUnsyncedChunk),
                "the loop must find a commit lost with its unsynced chunk: " + result.summary());
    }

    @Test
    void checkpointSyncLosesCommitsOnlyWithTheStoreFilesDirectoryEntry() throws Exception {
        KeyValueCrashLoop.Result result = loop(true, false).run();
        System.out.println(result.summary() + breakdown(result.violations()));
        assertEquals(COMMITS, result.acknowledged(), "the workload ran to its end");
        assertTrue(result.violations().stream().anyMatch(v -> v.kind().equals(LOST)),
                "H2 never syncs the directory after creating its store file: losing that entry loses every"
                        + " commit, and the loop must find it: " + result.summary());
        for (Violation v : result.violations()) {
            if (v.kind().equals(LOST)) {
                assertTrue(v.lostCreationOf(H2LoopEngine.STORE_FILE),
                        "with CHECKPOINT SYNC a commit is lost only with the store file's directory entry: "
                                + v.describe() + " lost " + v.lostOps());
            } else {
                // a cut while H2 creates the store, before its first sync, can leave a header H2
                // cannot read (torn or short); no commit was acknowledged yet
                assertEquals(0, v.acknowledged(), "only a store that was never synced is refused: " + v.describe());
                assertTrue(v.kind().equals("refused") || v.kind().equals("corrupt"), v.describe());
            }
        }
        assertFalse(result.violations().stream().anyMatch(v -> v.kind().equals("wrong content")),
                "nothing partial: " + breakdown(result.violations()));
    }

    @Test
    void checkpointSyncKeepsEveryAcknowledgedCommitOnceTheDirectoryEntryIsDurable() throws Exception {
        // the control of the test above: the same run with the store file's directory entry synced
        // once (by the application) loses nothing acknowledged
        KeyValueCrashLoop.Result result = loop(true, true).run();
        System.out.println(result.summary() + breakdown(result.violations()));
        assertEquals(COMMITS, result.acknowledged(), "the workload ran to its end");
        assertEquals(List.of(), result.violations().stream().filter(v -> v.acknowledged() > 0)
                .map(Violation::describe).toList(), "no acknowledged commit lost, nothing partial");
    }
}
