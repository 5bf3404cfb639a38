package dev.crashbench.recovery.oracle;

import dev.crashbench.spi.DurabilityPromise;
import dev.crashbench.recovery.reference.ReferenceSession;
import dev.crashbench.recovery.reference.ReferenceEngine;
import dev.crashbench.recovery.reference.ReferenceConfiguration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The oracle with several commits in flight at a cut (group commit): each in-flight commit may fall
 * either side of the cut, but what recovery shows is a prefix of the commits, without a hole; a
 * commit acknowledged out of order pulls every earlier one into the prefix; and what a reader saw
 * must be there.
 */
class OracleCommitsInFlightTest {
    private static final byte[] A = {1};
    private static final byte[] B = {2};
    private static final byte[] C = {3};

    private History history;

    /** Commit 1 (the table with key 1) acknowledged; commits 2 (adds key 2) and 3 (adds key 3) in flight. */
    @BeforeEach
    void threeCommits() {
        history = new History();
        Map<Long, byte[]> rows = new TreeMap<>(Map.of(1L, A));
        history.commitStarted(TableState.of(rows));
        history.commitAcknowledged();
        rows.put(2L, B);
        assertEquals(2, history.commitStarted(TableState.of(rows)));
        rows.put(3L, C);
        assertEquals(3, history.commitStarted(TableState.of(rows)));
    }

    /** Judges a database holding exactly {@code rows}. */
    private Oracle.Verdict judge(Map<Long, byte[]> rows) throws IOException {
        MemoryVfs vfs = new MemoryVfs("oracle-in-flight");
        ReferenceConfiguration engine = ReferenceEngine.with(EngineOptions.defaults());
        try (ReferenceSession db = engine.open(vfs, Oracle.DB_PATH)) {
            db.create();
            for (Map.Entry<Long, byte[]> row : rows.entrySet()) {
                db.put(row.getKey(), row.getValue());
            }
            db.commit();
            return Oracle.check(engine, db, history, Oracle.expectation(history.bounds(),
                    DurabilityPromise.EVERY_COMMIT, true, false));
        }
    }

    @Test
    void eitherSideOfTheCutIsAcceptedForEachCommitInFlight() throws IOException {
        assertEquals(1, judge(Map.of(1L, A)).matched());
        assertEquals(2, judge(Map.of(1L, A, 2L, B)).matched());
        assertEquals(3, judge(Map.of(1L, A, 2L, B, 3L, C)).matched());
    }

    @Test
    void aHoleIsRejected() throws IOException {
        Oracle.Verdict verdict = judge(Map.of(1L, A, 3L, C)); // commit 3 without commit 2
        assertFalse(verdict.ok());
        assertEquals(Rule.PREFIX, verdict.violation().rule());
        assertTrue(verdict.violation().found().contains("no commit's state"), verdict.violation().describe());
    }

    @Test
    void aLaterAcknowledgementPullsEveryEarlierCommitIntoThePrefix() throws IOException {
        history.commitAcknowledged(3); // its sync covered commit 2 too
        assertFalse(judge(Map.of(1L, A, 2L, B)).ok(), "commit 3 was acknowledged");
        assertEquals(3, judge(Map.of(1L, A, 2L, B, 3L, C)).matched());
    }

    @Test
    void whatAReaderSawMustSurvive() throws IOException {
        history.readSaw(2);
        assertEquals(2, history.bounds().seen());
        Oracle.Verdict verdict = judge(Map.of(1L, A));
        assertEquals(Rule.PREFIX, verdict.violation().rule(), "a reader saw commit 2");
        assertTrue(verdict.violation().expected().contains("commit 2 seen by a reader"), verdict.violation().expected());
        assertEquals(2, judge(Map.of(1L, A, 2L, B)).matched());
    }
}
