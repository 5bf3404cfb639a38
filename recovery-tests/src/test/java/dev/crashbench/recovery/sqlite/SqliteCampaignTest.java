package dev.crashbench.recovery.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.Campaign;
import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.Execution;
import dev.crashbench.recovery.explore.Exploration;
import dev.crashbench.recovery.explore.FaultFamily;
import dev.crashbench.recovery.explore.Found;
import dev.crashbench.recovery.explore.Target;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.recovery.replay.Shrinker;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.vfs.DiskModel;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SQLite's known verdicts found by the explorer through the engine-under-test SPI (the exhaustive
 * tier, power cuts on the worst-case disk, small budgets): what SQLite's documentation says each
 * configuration keeps, and where it says it does not.
 */
class SqliteCampaignTest {
    private static final Budget CLEAN_BUDGET = Budget.states(1_200);

    @BeforeEach
    void sqliteLoads() {
        SqliteAvailable.assume();
    }

    private static EngineConfiguration sqlite(String options) {
        return new SqliteEngine().configure(options);
    }

    static Exploration exhaustive(EngineConfiguration engine, Budget budget, Execution execution) {
        return new Campaign(new Target(engine, DiskModel.WORST_CASE), 1, EnumSet.of(Tier.EXHAUSTIVE),
                EnumSet.of(FaultFamily.POWER), WorkloadGenerator.DEFAULT, 0, 1, budget)
                .run(e -> { }, System::nanoTime, execution);
    }

    private static Found firstFinding(String options) {
        Exploration exploration = exhaustive(sqlite(options), Budget.states(1_200).stoppingAtFirst(true),
                Execution.defaults());
        assertFalse(exploration.found().isEmpty(), options + ": SQLite documents a loss here, and none was found");
        return exploration.found().get(0);
    }

    @Test
    void walWithFullSyncKeepsEveryAcknowledgedCommit() {
        Exploration exploration = exhaustive(sqlite("journal_mode=wal,synchronous=full"), CLEAN_BUDGET,
                Execution.defaults());
        assertTrue(exploration.found().isEmpty(), () -> exploration.found().get(0).violation().describe());
        assertEquals(CLEAN_BUDGET.maxStates(), exploration.statesChecked());
    }

    @Test
    void deleteWithExtraSyncKeepsEveryAcknowledgedCommit() {
        Exploration exploration = exhaustive(sqlite("journal_mode=delete,synchronous=extra"), CLEAN_BUDGET,
                Execution.defaults());
        assertTrue(exploration.found().isEmpty(), () -> exploration.found().get(0).violation().describe());
    }

    @Test
    void walWithNormalSyncLosesAnAcknowledgedCommitAndItsCaseReplaysAndShrinks() throws Exception {
        Found found = firstFinding("journal_mode=wal,synchronous=normal");
        assertEquals(Rule.PREFIX, found.violation().rule(), found.violation().describe());
        assertTrue(found.reproduced(), "the case replays from scratch");
        assertEquals(SqliteEngine.ID, found.crashCase().engine().id());
        assertEquals(SqliteNative.version(), found.crashCase().engine().version());

        ReplayFile file = ReplayFile.of(found.violation(), found.crashCase());
        ReplayFile read = ReplayCodec.fromJson(ReplayCodec.toJson(file));
        Violation again = CaseRunner.run(read.crashCase());
        assertEquals(found.violation(), again, "the replay file gives the same verdict, word for word");

        Shrinker.Result shrunk = new Shrinker(5_000, System::nanoTime).shrink(found.crashCase(), found.violation());
        assertEquals(Rule.PREFIX, shrunk.violation().rule());
        assertTrue(shrunk.crashCase().workload().ops().size() <= found.crashCase().workload().ops().size());
        assertEquals(shrunk.violation(), CaseRunner.run(shrunk.crashCase()), "the shrunk case replays too");
    }

    @Test
    void walWithNormalSyncKeepsWhatSqliteDocuments() {
        // The negative control of the finding above: held to its documented promise (commits a
        // checkpoint made durable), the same configuration is clean.
        Exploration exploration = exhaustive(sqlite("journal_mode=wal,synchronous=normal,promise=documented"),
                CLEAN_BUDGET, Execution.defaults());
        assertTrue(exploration.found().isEmpty(), () -> exploration.found().get(0).violation().describe());
    }

    @Test
    void walWithSyncOffLosesAnAcknowledgedCommit() {
        assertEquals(Rule.PREFIX, firstFinding("journal_mode=wal,synchronous=off").violation().rule());
    }

    @Test
    void deleteWithFullSyncLosesTheLastCommitThatExtraKeeps() {
        // FULL and EXTRA differ only in the directory sync after the journal's unlink
        // (deleteWithExtraSyncKeepsEveryAcknowledgedCommit is the control): a lost unlink revives
        // the journal, and SQLite rolls the last acknowledged commit back.
        Found found = firstFinding("journal_mode=delete,synchronous=full");
        assertEquals(Rule.PREFIX, found.violation().rule(), found.violation().describe());
        assertTrue(found.reproduced());
    }

    @Test
    void deleteWithSyncOffCanBeLeftCorrupt() {
        Found found = firstFinding("journal_mode=delete,synchronous=off");
        assertTrue(EnumSet.of(Rule.OPENS, Rule.INTEGRITY).contains(found.violation().rule()),
                found.violation().describe());
        assertTrue(found.violation().describe().contains("malformed") || found.violation().rule() == Rule.INTEGRITY,
                found.violation().describe());
    }

    @Test
    void theSameSeedGivesTheSameStatesAndVerdictsOnOneThreadAndOnTwo() {
        // Every cut loses commits here: hundreds of recoveries on the workers while the workload's own
        // connection draws WAL salts on the exploring thread (SqliteTurns keeps both deterministic).
        EngineConfiguration engine = sqlite("journal_mode=wal,synchronous=off");
        Budget budget = Budget.states(400);
        Exploration one = exhaustive(engine, budget, Execution.sequential());
        for (Execution execution : List.of(new Execution(2, false), new Execution(2, true))) {
            Exploration two = exhaustive(engine, budget, execution);
            assertEquals(one.statesChecked(), two.statesChecked(), execution.describe());
            assertEquals(one.found(), two.found(), execution.describe() + ": the same violations, cases and order");
        }
        assertTrue(one.found().size() > 10, "the comparison covers many violations: " + one.found().size());
    }
}
